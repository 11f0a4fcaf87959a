package testenv

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
)

// Launch starts txstream through launch.Start (every listener on port 0
// unless opts set it) and waits until it is ready: its addresses file,
// then /readyz on its metrics listener when it has one. The binary is
// Txstream's unless opts name one; a data race in the process fails it
// at once. The process is killed when the test ends if it still runs, and
// the end of its output is logged when the test failed.
func Launch(t testing.TB, opts launch.Options) *launch.Process {
	t.Helper()
	if opts.Binary == "" {
		opts.Binary = Txstream(t)
	}
	opts.Env = append(opts.Env, "GORACE=halt_on_error=1")
	p, err := launch.Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	Watch(t, p)
	waitReady(t, p)
	return p
}

// readyWithin bounds the wait for /readyz after the addresses file came.
const readyWithin = 2 * time.Minute

// waitReady waits for /readyz on p's metrics listener, if it has one.
func waitReady(t testing.TB, p *launch.Process) {
	t.Helper()
	if _, ok := p.Addresses()[launch.Metrics]; !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), readyWithin)
	defer cancel()
	if err := p.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
}

// Watch kills p when the test ends if it still runs, and logs the end of
// its output when the test failed: for a process Launch or Restart
// started.
func Watch(t testing.TB, p *launch.Process) {
	t.Cleanup(func() {
		p.Kill()
		if t.Failed() {
			t.Logf("%s, exit %v; output (tail):\n%s", p, p.ExitErr(), p.Tail(60))
		}
	})
}

// Restart starts the exited p again (launch.Process.Restart) on the same
// or new addresses and waits until it is ready, as Launch does.
func Restart(t testing.TB, p *launch.Process, sameAddresses bool) *launch.Process {
	t.Helper()
	next, err := p.Restart(context.Background(), sameAddresses)
	if err != nil {
		t.Fatal(err)
	}
	Watch(t, next)
	waitReady(t, next)
	return next
}

// Stop stops p with sig and returns its exit code, failing the test when
// it does not exit within timeout.
func Stop(t testing.TB, p *launch.Process, sig os.Signal, timeout time.Duration) int {
	t.Helper()
	code, err := p.Stop(sig, timeout)
	if err != nil {
		t.Fatal(err)
	}
	return code
}
