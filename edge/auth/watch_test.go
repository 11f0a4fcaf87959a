package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// running is a Keys with Run on its own goroutine, and what Run reported.
type running struct {
	*Keys
	reloads, failures atomic.Int64
	lastErr           atomic.Pointer[error]
}

// runKeys opens the key file at path and runs its watch until the test
// ends; the test fails if Run does not return nil once cancelled.
func runKeys(t *testing.T, path string) *running {
	t.Helper()
	r := &running{}
	k, err := Open(Config{File: path, Debounce: 10 * time.Millisecond, OnReload: func(err error) {
		if err != nil {
			r.failures.Add(1)
			r.lastErr.Store(&err)
			return
		}
		r.reloads.Add(1)
	}})
	if err != nil {
		t.Fatal(err)
	}
	r.Keys = k
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := k.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	return r
}

// authenticates reports whether key is accepted now.
func (r *running) authenticates(key string) func() bool {
	return func() bool { _, err := r.Authenticate(bearer(key)); return err == nil }
}

// TestRunAddRevoke: a key appended to the file is accepted without a
// restart; a key whose line is deleted is refused without one.
func TestRunAddRevoke(t *testing.T) {
	oldKey, old := newKey(t, "old", Ops)
	newK, added := newKey(t, "new", Ops)
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, fileOf(t, old))
	r := runKeys(t, path)
	if r.authenticates(newK)() {
		t.Fatal("a key not yet in the file is accepted")
	}
	if err := AppendRecord(path, added); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the appended key to be accepted", r.authenticates(newK))
	writeFile(t, path, fileOf(t, added))
	waitFor(t, "the deleted key to be refused", func() bool { return !r.authenticates(oldKey)() })
	if _, err := r.Authenticate(bearer(oldKey)); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("revoked key: %v, want ErrBadCredentials", err)
	}
	if !r.authenticates(newK)() || r.failures.Load() != 0 || r.reloads.Load() < 2 {
		t.Fatalf("after revoking: new key accepted %v, %d failures, %d reloads", r.authenticates(newK)(), r.failures.Load(), r.reloads.Load())
	}
}

// TestRunBrokenFileKeepsKeys: a file that does not load (bad line, wrong
// mode, removed) leaves the keys in force and is reported; the next good
// file is taken.
func TestRunBrokenFileKeepsKeys(t *testing.T) {
	key, rec := newKey(t, "a", Ops)
	newK, added := newKey(t, "b", Ops)
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, fileOf(t, rec))
	r := runKeys(t, path)
	breaks := []struct {
		name    string
		breakIt func()
		err     error
	}{
		{"bad line", func() { writeFile(t, path, fileOf(t, added)+"{not json\n") }, ErrRecord},
		{"duplicate", func() { writeFile(t, path, fileOf(t, added, added)) }, ErrDuplicate},
		{"empty", func() { writeFile(t, path, "") }, ErrNoKeys},
		{"writable by others", func() { writeFileMode(t, path, fileOf(t, added), 0o666) }, ErrFileMode},
		{"removed", func() { must(t, os.Remove(path)) }, os.ErrNotExist},
	}
	for i, b := range breaks {
		b.breakIt()
		waitFor(t, b.name+" to be reported", func() bool { return r.failures.Load() > int64(i) && errors.Is(*r.lastErr.Load(), b.err) })
		if !r.authenticates(key)() || r.authenticates(newK)() || r.Len() != 1 {
			t.Fatalf("%s: the previous keys are not in force", b.name)
		}
	}
	writeFile(t, path, fileOf(t, rec, added))
	waitFor(t, "the repaired file to be loaded", r.authenticates(newK))
}

// TestRunSymlinkSwap: Kubernetes updates a mounted Secret by pointing the
// ..data symlink at a new directory; the file's own path never changes,
// and the watch on the directory still sees it.
func TestRunSymlinkSwap(t *testing.T) {
	oldKey, old := newKey(t, "old", Ops)
	newK, added := newKey(t, "new", Ops)
	dir := t.TempDir()
	version := func(name string, recs ...Record) {
		must(t, os.Mkdir(filepath.Join(dir, name), 0o700))
		writeFile(t, filepath.Join(dir, name, "keys"), fileOf(t, recs...))
		must(t, os.Symlink(name, filepath.Join(dir, "..data_tmp")))
		must(t, os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")))
	}
	version("..v1", old)
	must(t, os.Symlink(filepath.Join("..data", "keys"), filepath.Join(dir, "keys")))
	r := runKeys(t, filepath.Join(dir, "keys"))
	version("..v2", added)
	waitFor(t, "the new version to be loaded", r.authenticates(newK))
	if r.authenticates(oldKey)() {
		t.Fatal("the old version's key is still accepted")
	}
}

// TestRunChangeBeforeRun: a change between Open and Run is not missed.
func TestRunChangeBeforeRun(t *testing.T) {
	_, old := newKey(t, "old", Ops)
	newK, added := newKey(t, "new", Ops)
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, fileOf(t, old))
	k, err := Open(Config{File: path})
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, fileOf(t, old, added))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	waitFor(t, "the change to be loaded", func() bool { _, err := k.Authenticate(bearer(newK)); return err == nil })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}

func TestRunNoDirectory(t *testing.T) {
	_, rec := newKey(t, "a", Ops)
	dir := filepath.Join(t.TempDir(), "d")
	must(t, os.Mkdir(dir, 0o700))
	path := filepath.Join(dir, "keys")
	writeFile(t, path, fileOf(t, rec))
	k, err := Open(Config{File: path})
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.RemoveAll(dir))
	if err := k.Run(context.Background()); err == nil {
		t.Fatal("Run without the directory returned nil")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
