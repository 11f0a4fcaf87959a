package embedded

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// blockingSync is a sync function the test holds: each call reports itself
// on started and returns what the test sends on finish.
type blockingSync struct {
	started chan struct{}
	finish  chan error
}

func newBlockingSync() *blockingSync {
	return &blockingSync{started: make(chan struct{}), finish: make(chan error)}
}

func (b *blockingSync) sync() error {
	b.started <- struct{}{}
	return <-b.finish
}

// waitAsync calls wait in a goroutine and returns where its result arrives.
func waitAsync(g *groupCommit) <-chan error {
	out := make(chan error, 1)
	go func() { out <- g.wait() }()
	return out
}

func receive(t *testing.T, ch <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no answer in 10 s", what)
		return nil
	}
}

// TestGroupCommitWaitsForALaterSync: every waiter is released only after
// a sync that started after it called wait had completed (a sync that was
// already running may have missed its write), and syncs are shared: many
// concurrent waiters need far fewer syncs than waits.
func TestGroupCommitWaitsForALaterSync(t *testing.T) {
	var started, completed atomic.Int64
	g := newGroupCommit(func() error {
		started.Add(1)
		time.Sleep(time.Millisecond) // what an fsync takes, not synchronization
		completed.Add(1)
		return nil
	})
	defer g.close()
	const waiters, rounds = 32, 20
	var wg sync.WaitGroup
	for range waiters {
		wg.Go(func() {
			for range rounds {
				before := started.Load()
				if err := g.wait(); err != nil {
					t.Errorf("wait: %v", err)
					return
				}
				if after := completed.Load(); after < before+1 {
					t.Errorf("released after %d completed syncs; %d had started at the call, so none began after it", after, before)
				}
			}
		})
	}
	wg.Wait()
	if n := g.syncs.Load(); n >= waiters*rounds/2 {
		t.Errorf("%d syncs for %d waits: the waits were not grouped", n, waiters*rounds)
	}
	t.Logf("%d syncs for %d waits", g.syncs.Load(), waiters*rounds)
}

// TestGroupCommitReportsFailures: a failed sync fails its waiters, and
// closing releases a waiter with ErrClosed.
func TestGroupCommitReportsFailures(t *testing.T) {
	b := newBlockingSync()
	g := newGroupCommit(b.sync)
	failed := waitAsync(g)
	<-b.started
	b.finish <- ErrNotDurable
	if err := receive(t, failed, "waiter of a failed sync"); !errors.Is(err, ErrNotDurable) {
		t.Errorf("waiter of a failed sync: %v, want ErrNotDurable", err)
	}
	var closing sync.WaitGroup
	closing.Go(g.close)
	closing.Wait()
	if err := g.wait(); !errors.Is(err, ErrClosed) {
		t.Errorf("wait after close: %v, want ErrClosed", err)
	}
}
