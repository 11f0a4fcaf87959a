package launch_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
)

// start starts the fake and kills it when the test ends.
func start(t *testing.T, opts launch.Options) *launch.Process {
	t.Helper()
	p, err := launch.Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Kill() })
	return p
}

// TestStartReportsAddresses: every listener the caller leaves unset is
// bound to a port of the process's choosing on 127.0.0.1, and each answers.
func TestStartReportsAddresses(t *testing.T) {
	p := start(t, fakeOptions())
	for _, name := range launch.Listeners {
		addr := p.Addresses()[name]
		if !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
			t.Errorf("%s: address %q, want a bound port on 127.0.0.1", name, addr)
		}
		if code := launch.Status(context.Background(), p.URL(name, "/healthz")); code != http.StatusOK {
			t.Errorf("%s: GET /healthz answered %d", name, code)
		}
	}
	if err := p.WaitReady(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code, err := p.Stop(syscall.SIGTERM, 10*time.Second); err != nil || code != 0 {
		t.Fatalf("stop: code %d, %v", code, err)
	}
	if out := p.Output(); !strings.Contains(out, "fake ready") || !strings.Contains(out, "fake stopped") {
		t.Fatalf("output %q lacks the fake's lines", out)
	}
}

// TestStartKeepsCallerAddresses: a listener the caller sets is left as
// set; an empty --metrics-addr leaves the process without one.
func TestStartKeepsCallerAddresses(t *testing.T) {
	p := start(t, fakeOptions("--metrics-addr="))
	if addr, ok := p.Addresses()[launch.Metrics]; ok {
		t.Fatalf("metrics listener at %q, want none", addr)
	}
	if err := p.WaitReady(context.Background()); !errors.Is(err, launch.ErrNoListener) {
		t.Fatalf("WaitReady: %v, want ErrNoListener", err)
	}
}

// TestStartFails: a process that exits before it is ready fails Start at
// once with its output; one that never gets ready fails it at the
// deadline.
func TestStartFails(t *testing.T) {
	tests := []struct {
		name string
		arg  string
		want error
		says string
	}{
		{"exits", "-fail", launch.ErrExited, "told to fail"},
		{"never ready", "-silent", launch.ErrNotReady, "fake never ready"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := fakeOptions(tc.arg)
			opts.StartTimeout = 2 * time.Second
			_, err := launch.Start(context.Background(), opts)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("Start: %v, want %v saying %q", err, tc.want, tc.says)
			}
		})
	}
}

// TestStop: the exit code comes back; a process that ignores the signal
// is killed at the deadline.
func TestStop(t *testing.T) {
	p := start(t, fakeOptions("-exit-code", "3"))
	if code, err := p.Stop(syscall.SIGTERM, 10*time.Second); err != nil || code != 3 {
		t.Fatalf("stop: code %d, %v; want 3", code, err)
	}
	hung := start(t, fakeOptions("-hang"))
	if code, err := hung.Stop(syscall.SIGTERM, 200*time.Millisecond); !errors.Is(err, launch.ErrStopTimeout) || code != -1 {
		t.Fatalf("stop: code %d, %v; want -1 and ErrStopTimeout", code, err)
	}
}

// TestRestart: after a kill the process starts again on the same
// addresses or on new ones; a running one is not restarted.
func TestRestart(t *testing.T) {
	log := filepath.Join(t.TempDir(), "out.log")
	opts := fakeOptions()
	opts.LogFile = log
	p := start(t, opts)
	if _, err := p.Restart(context.Background(), true); !errors.Is(err, launch.ErrRunning) {
		t.Fatalf("restart while running: %v", err)
	}
	if code := p.Kill(); code != -1 {
		t.Fatalf("kill: code %d, want -1", code)
	}
	same, err := p.Restart(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { same.Kill() })
	for _, name := range launch.Listeners {
		if same.Addresses()[name] != p.Addresses()[name] {
			t.Errorf("%s: %s after the restart, %s before", name, same.Addresses()[name], p.Addresses()[name])
		}
	}
	same.Kill()
	other, err := same.Restart(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Kill() })
	other.Kill()
	data, err := os.ReadFile(log)
	if err != nil || strings.Count(string(data), "fake ready") != 3 {
		t.Fatalf("log file %q (%v): want the three starts' lines", data, err)
	}
}

// TestOutputBounded: the process's output is kept up to TailBytes.
func TestOutputBounded(t *testing.T) {
	opts := fakeOptions()
	opts.TailBytes = 16
	p := start(t, opts)
	if out := p.Output(); len(out) != 16 {
		t.Fatalf("output %q: %d bytes, want the last 16", out, len(out))
	}
}

// TestSpawn: processes spawned together report their addresses once each
// is waited for.
func TestSpawn(t *testing.T) {
	var ps []*launch.Process
	for range 2 {
		p, err := launch.Spawn(fakeOptions())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Kill() })
		ps = append(ps, p)
	}
	for _, p := range ps {
		if err := p.WaitAddresses(context.Background()); err != nil {
			t.Fatal(err)
		}
		if p.URL(launch.Metrics, "/readyz") == "" {
			t.Fatalf("%s: no metrics address after WaitAddresses", p)
		}
	}
}

// TestListeners: a stand-in that runs fewer listeners is given only those.
func TestListeners(t *testing.T) {
	opts := fakeOptions()
	opts.Listeners = []string{launch.Transaction}
	p := start(t, opts)
	if a := p.Addresses(); len(a) != 1 || a[launch.Transaction] == "" {
		t.Fatalf("addresses %v, want the transaction listener alone", a)
	}
}
