package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/metrics"
)

// TestAdminServerLimits: the process address (--metrics-addr) has the
// services' limits: it refuses a request whose headers the services
// refuse (it once took 1 MB), and it has their read, write and idle
// timeouts (an idle connection once stayed open 395 s).
func TestAdminServerLimits(t *testing.T) {
	ec := edge.DefaultConfig()
	a := newAdminServer("127.0.0.1:0", metrics.NewRegistry(), nil, nil)
	addr := runAdmin(t, a)
	svc := runService(t, ec)
	for _, size := range []int{ec.MaxHeaderBytes / 2, ec.MaxHeaderBytes - 512, ec.MaxHeaderBytes + 512, 2 * ec.MaxHeaderBytes} {
		t.Run(fmt.Sprintf("%d bytes of headers", size), func(t *testing.T) {
			want := getWithHeader(t, svc, size)
			if (size < ec.MaxHeaderBytes) != (want == http.StatusOK) {
				t.Fatalf("the service answers %d to %d bytes of headers, with a limit of %d", want, size, ec.MaxHeaderBytes)
			}
			if got := getWithHeader(t, addr, size); got != want {
				t.Fatalf("status %d; the services answer %d", got, want)
			}
		})
	}
	t.Run("timeouts", func(t *testing.T) {
		s := a.server
		if s.ReadTimeout != ec.ReadTimeout || s.WriteTimeout != ec.WriteTimeout || s.IdleTimeout != ec.IdleTimeout {
			t.Fatalf("read, write, idle timeouts %s %s %s, want the services' %s %s %s",
				s.ReadTimeout, s.WriteTimeout, s.IdleTimeout, ec.ReadTimeout, ec.WriteTimeout, ec.IdleTimeout)
		}
	})
}

// runAdmin runs a until the test ends and returns its address.
func runAdmin(t *testing.T, a *adminServer) string {
	t.Helper()
	testenv.Run(t, "admin server", a.Run)
	testenv.Eventually(t, 5*time.Second, func() bool { return a.Addr() != "" }, "admin server listening")
	return a.Addr()
}

// runService runs a Transaction Manager Service with ec until the test
// ends and returns its address.
func runService(t *testing.T, ec edge.Config) string {
	t.Helper()
	ec.ManagerAddr = "127.0.0.1:0"
	srv, err := edge.NewManagerService(ec, &tables{})
	if err != nil {
		t.Fatal(err)
	}
	testenv.Run(t, "manager service", srv.Run)
	testenv.Eventually(t, 5*time.Second, func() bool { return srv.Addr() != "" }, "manager service listening")
	return srv.Addr()
}

// getWithHeader sends GET /healthz whose request line and headers take
// size bytes in all, and returns the status.
func getWithHeader(t *testing.T, addr string, size int) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	head := "GET /healthz HTTP/1.1\r\nHost: txstream\r\nConnection: close\r\nX-Pad: "
	const end = "\r\n\r\n"
	req := head + strings.Repeat("p", size-len(head)-len(end)) + end
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(fmt.Errorf("answer to %d bytes of headers: %w", size, err))
	}
	resp.Body.Close()
	return resp.StatusCode
}
