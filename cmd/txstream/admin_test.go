package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	addr := runAdmin(t, newAdminServer("127.0.0.1:0", ec, metrics.NewRegistry(), nil, nil))
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
	t.Run("the services' timeouts, from the edge config", func(t *testing.T) {
		c, _, err := parseConfig(cmdServe, []string{"--metrics-addr=127.0.0.1:0"}, envMap{}.lookup)
		if err != nil {
			t.Fatal(err)
		}
		p, err := newProcess(cmdServe, c, slog.New(slog.DiscardHandler), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		s, ec := p.adminServer().server, p.edgeConfig()
		if s.ReadTimeout != ec.ReadTimeout || s.WriteTimeout != ec.WriteTimeout || s.IdleTimeout != ec.IdleTimeout {
			t.Fatalf("read, write, idle timeouts %s %s %s, want the services' %s %s %s",
				s.ReadTimeout, s.WriteTimeout, s.IdleTimeout, ec.ReadTimeout, ec.WriteTimeout, ec.IdleTimeout)
		}
		if s.MaxHeaderBytes != netHTTPMaxHeaderBytes(ec.MaxHeaderBytes) {
			t.Fatalf("MaxHeaderBytes %d, want the services' %d less net/http's slack", s.MaxHeaderBytes, ec.MaxHeaderBytes)
		}
	})
}

// TestAdminServerClosesConnections: the process address closes a
// keep-alive connection left idle, and one whose request never ends,
// after the timeouts it was given.
func TestAdminServerClosesConnections(t *testing.T) {
	const timeout = 300 * time.Millisecond
	ec := edge.DefaultConfig()
	ec.ReadTimeout, ec.IdleTimeout = timeout, timeout
	addr := runAdmin(t, newAdminServer("127.0.0.1:0", ec, metrics.NewRegistry(), nil, nil))
	t.Run("idle after a request", func(t *testing.T) {
		conn, r := dialAdmin(t, addr, "GET /healthz HTTP/1.1\r\nHost: txstream\r\n\r\n")
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /healthz: %d %v", resp.StatusCode, err)
		}
		expectClosed(t, conn, r, timeout)
	})
	t.Run("a request that never ends", func(t *testing.T) {
		conn, r := dialAdmin(t, addr, "GET /healthz HTTP/1.1\r\nHost: txstream\r\n")
		expectClosed(t, conn, r, timeout)
	})
}

// dialAdmin connects to addr and sends req; the connection closes when the
// test ends, and a read fails after 10 s.
func dialAdmin(t *testing.T, addr, req string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	return conn, bufio.NewReader(conn)
}

// expectClosed reads until the server closes conn, which must happen
// after about timeout, not at the client's deadline.
func expectClosed(t *testing.T, conn net.Conn, r *bufio.Reader, timeout time.Duration) {
	t.Helper()
	start := time.Now()
	_, err := io.Copy(io.Discard, r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("%s still open after %s; the server's timeout is %s", conn.LocalAddr(), time.Since(start), timeout)
	}
	if took := time.Since(start); took < timeout/2 {
		t.Fatalf("closed after %s, before the timeout of %s", took, timeout)
	}
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
