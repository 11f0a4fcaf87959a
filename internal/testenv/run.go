package testenv

import (
	"context"
	"sync"
	"testing"
)

// Run runs fn (a component's Run) in its own goroutine until the returned
// stop is called or the test ends, and fails the test if fn returns an
// error. stop cancels fn's context and waits for fn to return; calling it
// again does nothing.
func Run(t testing.TB, what string, fn func(context.Context) error) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- fn(ctx) }()
	stop = sync.OnceFunc(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%s: %v", what, err)
		}
	})
	t.Cleanup(stop)
	return stop
}
