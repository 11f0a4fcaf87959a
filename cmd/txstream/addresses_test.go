package main

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// TestAddressesFile starts dev and a processor-only serve with every
// listen address on 127.0.0.1:0: the addresses file names the port each
// listener bound (dev's also its broker and Redis), only the listeners the
// roles run, and each answers /healthz there.
func TestAddressesFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary; skipped with -short")
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"dev", []string{"dev", "--data-dir", "", "--log-format", "json"},
			[]string{launch.Converter, launch.Kafka, launch.Manager, launch.Metrics, launch.Redis, launch.Transaction}},
		{"serve processor", append([]string{"serve", "--role", "processor"}, serveFlags(t)...),
			[]string{launch.Metrics}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := startProcess(t, tc.args)
			a := p.Addresses()
			if got := slices.Sorted(maps.Keys(a)); !slices.Equal(got, tc.want) {
				t.Fatalf("addresses %v, want %v", a, tc.want)
			}
			for name, addr := range a {
				if !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
					t.Errorf("%s: %q, want a bound port on 127.0.0.1", name, addr)
				}
			}
			for _, name := range launch.Listeners {
				if _, ok := a[name]; ok && statusOf(p.URL(name, "/healthz")) != http.StatusOK {
					t.Errorf("%s: GET /healthz at %s did not answer 200", name, a[name])
				}
			}
			if code := testenv.Stop(t, p, syscall.SIGTERM, 40*time.Second); code != 0 {
				t.Fatalf("exit code %d", code)
			}
		})
	}
}
