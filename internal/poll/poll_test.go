package poll_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/poll"
)

func TestUntil(t *testing.T) {
	errBroken := errors.New("broken")
	tests := []struct {
		name  string
		after int // calls until cond is done; -1 never
		fail  bool
		want  error
	}{
		{name: "holds at once", after: 1},
		{name: "holds later", after: 5},
		{name: "fails", after: 3, fail: true, want: errBroken},
		{name: "never holds", after: -1, want: context.DeadlineExceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := poll.Within(200*time.Millisecond, 10*time.Millisecond, func() (bool, error) {
				calls++
				if calls == tc.after && tc.fail {
					return false, errBroken
				}
				return calls == tc.after, nil
			})
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if tc.after > 0 && calls != tc.after {
				t.Fatalf("%d calls, want %d", calls, tc.after)
			}
		})
	}
}

// TestUntilEndsWithContext: a cancelled context ends the wait before the
// next call, with the context's error.
func TestUntilEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err := poll.Until(ctx, time.Hour, func() (bool, error) {
		calls++
		cancel()
		return false, nil
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Fatalf("err %v after %d calls, want context.Canceled after 1", err, calls)
	}
}

// TestHolds adapts a plain condition.
func TestHolds(t *testing.T) {
	n := 0
	if err := poll.Within(time.Second, time.Millisecond, poll.Holds(func() bool { n++; return n == 3 })); err != nil || n != 3 {
		t.Fatalf("err %v after %d calls", err, n)
	}
}
