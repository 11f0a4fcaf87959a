package testenv

import (
	"context"
	"sync"
	"testing"
	"time"
)

// Run runs fn (a component's Run) in its own goroutine until the returned
// stop is called or the test ends, and fails the test if fn returns an
// error. stop cancels fn's context and waits for fn to return; calling it
// again does nothing.
func Run(t testing.TB, what string, fn func(context.Context) error) (stop func()) {
	t.Helper()
	return RunWithin(t, what, 0, fn)
}

// RunWithin is Run whose stop waits at most within for fn to return, and
// fails the test if it has not by then (a processor that ignores its
// context). within <= 0 waits as long as fn takes.
func RunWithin(t testing.TB, what string, within time.Duration, fn func(context.Context) error) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- fn(ctx) }()
	stop = sync.OnceFunc(func() {
		cancel()
		var timeout <-chan time.Time
		if within > 0 {
			timer := time.NewTimer(within)
			defer timer.Stop()
			timeout = timer.C
		}
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: %v", what, err)
			}
		case <-timeout:
			t.Errorf("%s still running %v after cancel", what, within)
		}
	})
	t.Cleanup(stop)
	return stop
}
