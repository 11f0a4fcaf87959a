package streams

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/syndtr/goleveldb/leveldb"
)

// TestTableJournalAfterACrash: what a killed process leaves of a table
// partition (its files as they are, the journal buffer lost) opens as a
// prefix of what was written, in order, with keys past the buffer on
// disk; a partition closed properly keeps everything.
func TestTableJournalAfterACrash(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "table.0")
	db, closeFiles, err := openTableDB(dir, partitionOptions)
	if err != nil {
		t.Fatal(err)
	}
	const n = 2000 // about 100 KiB of journal: several buffers' worth
	value := make([]byte, 40)
	for i := range n {
		if err := db.Put(key(i), value, nil); err != nil {
			t.Fatal(err)
		}
	}
	crashed := filepath.Join(t.TempDir(), "crashed")
	copyDir(t, dir, crashed)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := closeFiles(); err != nil {
		t.Fatal(err)
	}

	kept := prefixLen(t, crashed, n)
	if kept == 0 || kept == n {
		t.Errorf("after the crash %d of %d keys; want some, not all (a buffer is lost)", kept, n)
	}
	if kept := prefixLen(t, dir, n); kept != n {
		t.Errorf("after a close %d of %d keys; want all", kept, n)
	}
}

func key(i int) []byte { return fmt.Appendf(nil, "k%06d", i) }

// prefixLen opens the partition in dir and returns how many of the n keys
// it holds, failing the test unless they are the first ones.
func prefixLen(t *testing.T, dir string, n int) int {
	t.Helper()
	db, closeFiles, err := openTableDB(dir, partitionOptions)
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	defer func() {
		_ = db.Close()
		_ = closeFiles()
	}()
	kept := 0
	for i := range n {
		_, err := db.Get(key(i), nil)
		switch {
		case err == nil && kept == i:
			kept++
		case err == nil:
			t.Fatalf("%s: key %d present after key %d missing: not a prefix", dir, i, kept)
		case err != leveldb.ErrNotFound:
			t.Fatal(err)
		}
	}
	return kept
}

// copyDir copies the files of src into dst, as they are on disk.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	// The copy must not look locked by the process that holds src.
	_ = os.Remove(filepath.Join(dst, "LOCK"))
}
