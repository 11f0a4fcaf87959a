package testenv

import (
	"testing"
	"time"

	"github.com/txstream/txstream/internal/poll"
)

// Eventually polls cond (with poll.Until's growing pause, up to 100 ms)
// until it holds or timeout passes, then fails the test with the
// formatted description. It is the only way tests wait.
func Eventually(t testing.TB, timeout time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	if err := poll.Within(timeout, 100*time.Millisecond, poll.Holds(cond)); err != nil {
		t.Fatalf("timed out after %s waiting for: "+format, append([]any{timeout}, args...)...)
	}
}
