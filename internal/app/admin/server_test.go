package admin

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
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
	addr := runAdmin(t, newTestServer(t, ec))
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
		s := newTestServer(t, ec).server
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
	addr := runAdmin(t, newTestServer(t, ec))
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

// newTestServer is a ready admin server with limits ec on a random
// loopback port.
func newTestServer(t *testing.T, ec edge.Config) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return New(ln, Config{Limits: ec, Registry: metrics.NewRegistry(), NotReady: func() []string { return nil }})
}

// runAdmin runs a until the test ends and returns its address.
func runAdmin(t *testing.T, a *Server) string {
	t.Helper()
	testenv.Run(t, "admin server", a.Run)
	return a.Addr()
}

// runService runs a Transaction Manager Service with ec until the test
// ends and returns its address.
func runService(t *testing.T, ec edge.Config) string {
	t.Helper()
	ec.ManagerAddr = "127.0.0.1:0"
	srv, err := edge.NewManagerService(ec, noTables{})
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

// noTables is a read side without tables: the header tests ask only
// /healthz, which reads none.
type noTables struct{}

func (noTables) Transaction(string) (*domain.Transaction, error) { return nil, nil }
func (noTables) Conversion(string) (*domain.Conversion, error)   { return nil, nil }
func (noTables) Rates() ([]domain.Rate, error)                   { return nil, nil }
func (noTables) Rate(string) (*domain.Rate, error)               { return nil, nil }
func (noTables) Log(domain.LogQuery) (domain.LogPage, error)     { return domain.LogPage{}, nil }
func (noTables) History(string) (*domain.StatusLog, error)       { return nil, nil }
func (noTables) Ready() bool                                     { return true }

// TestReadyzFollowsNotReady: /readyz answers 503 naming what the process
// waits for, and 200 once nothing is left.
func TestReadyzFollowsNotReady(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var waiting atomic.Pointer[[]string]
	waiting.Store(&[]string{"rates view", "processors"})
	a := New(ln, Config{Limits: edge.DefaultConfig(), Registry: metrics.NewRegistry(), NotReady: func() []string { return *waiting.Load() }})
	addr := runAdmin(t, a)
	get := func() (int, string) {
		code, body := testenv.Get(t, "http://"+addr+"/readyz")
		return code, string(body)
	}
	if code, body := get(); code != http.StatusServiceUnavailable || !strings.Contains(body, "rates view, processors") {
		t.Errorf("waiting: %d %q", code, body)
	}
	waiting.Store(&[]string{})
	if code, body := get(); code != http.StatusOK || body != "ready\n" {
		t.Errorf("ready: %d %q", code, body)
	}
}
