package main

import (
	"context"
	"net"
	"strings"
	"testing"
)

// TestBusyAddressIsAConfigError: an address that is taken fails before
// anything else (the brokers and Redis named here do not exist, and are
// never asked), with one line naming the flag and the variable that move
// it, and the exit code of a configuration mistake.
func TestBusyAddressIsAConfigError(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()
	for _, cmd := range []string{"serve", "dev"} {
		t.Run(cmd, func(t *testing.T) {
			var stderr strings.Builder
			args := []string{cmd, "--brokers", "127.0.0.1:1", "--redis", "127.0.0.1:1", "--data-dir", "",
				"--transaction-addr", "127.0.0.1:0", "--converter-addr", "127.0.0.1:0", "--manager-addr", addr, "--metrics-addr", "127.0.0.1:0"}
			if cmd == "serve" {
				args = append(args, "--allow-anonymous")
			}
			code := run(context.Background(), args, stdio{stdout: &strings.Builder{}, stderr: &stderr, lookupEnv: envMap{}.lookup})
			want := "txstream " + cmd + ": listen " + addr + ": address already in use (move it with --manager-addr or TXSTREAM_MANAGER_ADDR)\n"
			if code != exitUsage || stderr.String() != want {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr.String(), exitUsage, want)
			}
		})
	}
}
