package main

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
)

// TestHealthcheck probes a running dev process as the image's HEALTHCHECK
// does: through the command, with the process address from the
// environment and no arguments; then the same probe of the stopped
// process fails with exit code 1 and says why.
func TestHealthcheck(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary")
	}
	p := startDev(t, t.TempDir())
	env := envMap{"TXSTREAM_METRICS_ADDR": p.Addresses()[launch.Metrics]}
	probe := func(args ...string) (int, string, string) {
		var stdout, stderr strings.Builder
		code := run(context.Background(), append([]string{"healthcheck"}, args...),
			stdio{stdout: &stdout, stderr: &stderr, lookupEnv: env.lookup})
		return code, stdout.String(), stderr.String()
	}
	for _, args := range [][]string{nil, {"--ready"}} {
		if code, out, errs := probe(args...); code != exitOK || !strings.Contains(out, "200 OK") {
			t.Fatalf("healthcheck %v on a ready process: exit %d, %q, %q", args, code, out, errs)
		}
	}
	if _, err := p.Stop(syscall.SIGTERM, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	code, _, errs := probe("--timeout", "2s")
	if code != exitFailure || !strings.HasPrefix(errs, "txstream healthcheck: ") || !strings.Contains(errs, "connection refused") {
		t.Fatalf("healthcheck of a stopped process: exit %d, stderr %q; want exit %d and why", code, errs, exitFailure)
	}
}
