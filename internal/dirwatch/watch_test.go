package dirwatch

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/poll"
)

// TestReloadsOnceAtStartAndAfterChanges: one reload when the watch is in
// place, and one more after a burst of changes settles, not one per event.
func TestReloadsOnceAtStartAndAfterChanges(t *testing.T) {
	dir := t.TempDir()
	var reloads atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{dir}, 200*time.Millisecond, func(err error) { t.Errorf("watch error: %v", err) }, func() { reloads.Add(1) })
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	waitFor(t, func() bool { return reloads.Load() == 1 }, "the first reload")
	for i := range 5 {
		if err := os.WriteFile(filepath.Join(dir, "f"), []byte{byte(i)}, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, func() bool { return reloads.Load() == 2 }, "one reload after the burst")
	if got := reloads.Load(); got != 2 {
		t.Errorf("%d reloads, want 2", got)
	}
}

func TestMissingDirectoryIsAnError(t *testing.T) {
	err := Run(context.Background(), []string{filepath.Join(t.TempDir(), "absent")}, time.Millisecond, func(error) {}, func() {})
	if err == nil {
		t.Fatal("Run watched a directory that does not exist")
	}
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	if err := poll.Within(10*time.Second, 10*time.Millisecond, poll.Holds(cond)); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
