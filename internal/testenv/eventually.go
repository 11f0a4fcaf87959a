package testenv

import (
	"testing"
	"time"
)

// Eventually polls cond until it holds or timeout passes, then fails the
// test with the formatted description. It is the only way tests wait.
func Eventually(t testing.TB, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	wait := time.Millisecond
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for: "+format, append([]any{timeout}, args...)...)
		}
		time.Sleep(wait)
		wait = min(2*wait, 100*time.Millisecond)
	}
}
