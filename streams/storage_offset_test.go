package streams

import (
	"testing"
	"time"

	"github.com/lovoo/goka/storage"
	"github.com/syndtr/goleveldb/leveldb"
	ldbstorage "github.com/syndtr/goleveldb/leveldb/storage"
)

// offsetStorage is a lazyOffset over LevelDB in memory, with the DB at hand
// to read what was written.
func offsetStorage(t *testing.T, interval time.Duration) (*lazyOffset, *leveldb.DB) {
	t.Helper()
	return openOffsetStorage(t, ldbstorage.NewMemStorage(), interval)
}

// openOffsetStorage opens a lazyOffset over the LevelDB in mem.
func openOffsetStorage(t *testing.T, mem ldbstorage.Storage, interval time.Duration) (*lazyOffset, *leveldb.DB) {
	t.Helper()
	db, err := leveldb.Open(mem, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := storage.New(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Open(); err != nil {
		t.Fatal(err)
	}
	return withLazyOffset(st, interval), db
}

// written is the offset LevelDB holds ("" when none).
func written(t *testing.T, db *leveldb.DB) string {
	t.Helper()
	v, err := db.Get([]byte("__offset"), nil)
	if err == leveldb.ErrNotFound {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(v)
}

func TestLazyOffsetWritesOncePerInterval(t *testing.T) {
	s, db := offsetStorage(t, time.Hour)
	if err := s.SetOffset(10); err != nil { // recovering: goka's own handling
		t.Fatal(err)
	}
	if err := s.MarkRecovered(); err != nil {
		t.Fatal(err)
	}
	if got := written(t, db); got != "10" {
		t.Fatalf("after recovery LevelDB holds offset %q, want 10", got)
	}
	for off := int64(11); off <= 20; off++ {
		if err := s.SetOffset(off); err != nil {
			t.Fatal(err)
		}
	}
	if got := written(t, db); got != "10" {
		t.Errorf("within the interval LevelDB holds offset %q, want still 10", got)
	}
	if got, err := s.GetOffset(-1); err != nil || got != 20 {
		t.Errorf("GetOffset = %d, %v; want the newest, 20", got, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLazyOffsetCloseWritesTheNewest(t *testing.T) {
	mem := ldbstorage.NewMemStorage()
	s, _ := openOffsetStorage(t, mem, time.Hour)
	if err := s.MarkRecovered(); err != nil {
		t.Fatal(err)
	}
	for off := int64(1); off <= 5; off++ {
		if err := s.SetOffset(off); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	reopened, db := openOffsetStorage(t, mem, time.Hour)
	defer reopened.Close()
	if got := written(t, db); got != "5" {
		t.Errorf("after Close LevelDB holds offset %q, want 5", got)
	}
}

func TestLazyOffsetWritesAfterTheInterval(t *testing.T) {
	s, db := offsetStorage(t, 0)
	defer s.Close()
	if err := s.MarkRecovered(); err != nil {
		t.Fatal(err)
	}
	for off := int64(1); off <= 3; off++ {
		if err := s.SetOffset(off); err != nil {
			t.Fatal(err)
		}
		if got := written(t, db); got != string(rune('0'+off)) {
			t.Errorf("interval 0: after SetOffset(%d) LevelDB holds %q", off, got)
		}
	}
}
