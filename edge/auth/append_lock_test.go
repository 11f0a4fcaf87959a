package auth

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestAppendRecordWaitsForLock: while another holder has the file's flock
// (another "apikey new" between its check and its write), AppendRecord
// waits, and then checks what that holder wrote: the same name is
// refused. The test sees the waiter in /proc/locks, so it knows
// AppendRecord is blocked on the lock without guessing a time.
func TestAppendRecordWaitsForLock(t *testing.T) {
	if _, err := os.Stat("/proc/locks"); err != nil {
		t.Skip("no /proc/locks:", err)
	}
	_, a := newKey(t, "a", Ops)
	_, mine := newKey(t, "same", Ops)
	_, theirs := newKey(t, "same", Ops)
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, fileOf(t, a))
	holder, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if err := unix.Flock(int(holder.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- AppendRecord(path, mine) }()
	waitFor(t, "AppendRecord to wait for the lock", func() bool { return lockWaiter(t, path) })
	line, _ := theirs.MarshalLine()
	if _, err := holder.Write(append(line, '\n')); err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(holder.Fd()), unix.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrDuplicate) {
		t.Fatalf("AppendRecord after the lock: %v, want ErrDuplicate", err)
	}
	if recs, err := LoadFile(path, nil); err != nil || len(recs) != 2 || recs[1] != theirs {
		t.Fatalf("file holds %v, %v", recs, err)
	}
}

// lockWaiter reports whether /proc/locks lists a process blocked on a
// lock of path's inode (a line with "->").
func lockWaiter(t *testing.T, path string) bool {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	ino := fmt.Sprintf(":%d ", fi.Sys().(*syscall.Stat_t).Ino)
	locks, err := os.ReadFile("/proc/locks")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(locks)) {
		if strings.Contains(line, "->") && strings.Contains(line, ino) {
			return true
		}
	}
	return false
}
