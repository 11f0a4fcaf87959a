package testenv

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingTB is a testing.TB that keeps its errors and cleanups, so that
// a test can see what Run reports without failing itself.
type recordingTB struct {
	testing.TB
	mu       sync.Mutex
	errors   []string
	cleanups []func()
}

func (r *recordingTB) Helper()          {}
func (r *recordingTB) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recordingTB) Errorf(f string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(f, args...))
}

func (r *recordingTB) end() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func TestRunWithin(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	cases := []struct {
		name   string
		within time.Duration
		fn     func(context.Context) error
		want   string // the one error reported, "" for none
	}{
		{"stops cleanly", 0, func(ctx context.Context) error { <-ctx.Done(); return nil }, ""},
		{"fails", 0, func(ctx context.Context) error { <-ctx.Done(); return errors.New("boom") }, "comp: boom"},
		{"fails within", time.Minute, func(ctx context.Context) error { <-ctx.Done(); return errors.New("boom") }, "comp: boom"},
		{"ignores its context", 10 * time.Millisecond, func(context.Context) error { <-release; return nil }, "comp still running 10ms after cancel"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb := &recordingTB{TB: t}
			stop := RunWithin(tb, "comp", tc.within, tc.fn)
			stop()
			stop()   // again: nothing more
			tb.end() // the cleanup: nothing more
			got := strings.Join(tb.errors, "; ")
			if got != tc.want {
				t.Errorf("errors %q, want %q", got, tc.want)
			}
		})
	}
}
