package poll

import (
	"context"
	"time"
)

// first is the pause after the first unmet call: short, so that a
// condition about to hold is seen at once.
const first = time.Millisecond

// Until calls cond until it reports done, returns an error, or ctx ends.
// Between calls it pauses, first a millisecond, then twice as long each
// time up to every, so a condition that holds soon is seen soon and a slow
// one is not asked too often. It returns nil once cond is done, cond's
// error as it is, or ctx's error once ctx ended before cond was done.
func Until(ctx context.Context, every time.Duration, cond func() (bool, error)) error {
	// Since Go 1.23 a Reset timer never delivers a stale tick.
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for pause := first; ; pause = min(2*pause, max(every, first)) {
		done, err := cond()
		if done || err != nil {
			return err
		}
		timer.Reset(pause)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
	}
}

// Within is Until with a timeout instead of a context.
func Within(timeout, every time.Duration, cond func() (bool, error)) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return Until(ctx, every, cond)
}

// Holds adapts a condition that cannot fail to Until.
func Holds(cond func() bool) func() (bool, error) {
	return func() (bool, error) { return cond(), nil }
}
