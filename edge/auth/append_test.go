package auth

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestAppendRecordCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	_, a := newKey(t, "a", Ops)
	_, b := newKey(t, "b", LogRead)
	for _, r := range []Record{a, b} {
		if err := AppendRecord(path, r); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("stat %v, %v: want mode 0600", fi, err)
	}
	recs, err := LoadFile(path, nil)
	if err != nil || len(recs) != 2 || recs[0] != a || recs[1] != b {
		t.Fatalf("read back %v, %v", recs, err)
	}
}

// TestAppendRecordRefuses: a taken name or hash, a file others may write
// and a file that does not parse are left as they were.
func TestAppendRecordRefuses(t *testing.T) {
	_, a := newKey(t, "a", Ops)
	_, b := newKey(t, "b", Ops)
	sameName, sameHash := b, a
	sameName.Name, sameHash.Name = "a", "c"
	tests := []struct {
		name string
		file string
		mode os.FileMode
		rec  Record
		err  error
	}{
		{"name taken", fileOf(t, a), 0o600, sameName, ErrDuplicate},
		{"hash taken", fileOf(t, a), 0o600, sameHash, ErrDuplicate},
		{"writable by others", fileOf(t, a), 0o622, b, ErrFileMode},
		{"broken file", fileOf(t, a) + "{\n", 0o600, b, ErrRecord},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keys")
			writeFile(t, path, tt.file)
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			if err := AppendRecord(path, tt.rec); !errors.Is(err, tt.err) {
				t.Fatalf("AppendRecord: %v, want %v", err, tt.err)
			}
			if got, _ := os.ReadFile(path); string(got) != tt.file {
				t.Fatalf("file changed to %q", got)
			}
		})
	}
}

// TestAppendRecordNewline: a file whose last line has no newline (a hand
// edit) gets one before the new record, not a glued line.
func TestAppendRecordNewline(t *testing.T) {
	_, a := newKey(t, "a", Ops)
	_, b := newKey(t, "b", Ops)
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, strings.TrimSuffix(fileOf(t, a), "\n"))
	if err := AppendRecord(path, b); err != nil {
		t.Fatal(err)
	}
	if recs, err := LoadFile(path, nil); err != nil || len(recs) != 2 {
		t.Fatalf("read back %v, %v", recs, err)
	}
}

// TestAppendRecordConcurrent: appenders at once, each with its own file
// descriptor as separate "apikey new" processes would have, leave every
// line whole and every record once; with the same name, exactly one wins.
func TestAppendRecordConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	const n = 16
	var wg sync.WaitGroup
	errs := make([]error, 2*n)
	for i := range n {
		wg.Go(func() {
			_, rec := newKey(t, fmt.Sprintf("k%d", i), Ops)
			errs[i] = AppendRecord(path, rec)
		})
		wg.Go(func() {
			_, rec := newKey(t, "same", Ops)
			errs[n+i] = AppendRecord(path, rec)
		})
	}
	wg.Wait()
	dups := 0
	for _, err := range errs {
		switch {
		case errors.Is(err, ErrDuplicate):
			dups++
		case err != nil:
			t.Fatal(err)
		}
	}
	recs, err := LoadFile(path, nil)
	if err != nil || len(recs) != n+1 || dups != n-1 {
		t.Fatalf("%d records, %d refused as duplicates, %v; want %d and %d", len(recs), dups, err, n+1, n-1)
	}
}
