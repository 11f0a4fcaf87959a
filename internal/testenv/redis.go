package testenv

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/embedded"
)

// Redis returns the address of a Redis for the test: REDIS_ADDR when set,
// else a redis-server from the PATH on a free port, else the embedded server.
// Servers it starts are stopped when the test ends.
func Redis(t testing.TB) string {
	t.Helper()
	if env := os.Getenv("REDIS_ADDR"); env != "" {
		return env
	}
	if _, err := exec.LookPath("redis-server"); err == nil {
		return StartRedisServer(t).Addr
	}
	srv, err := embedded.StartRedis("")
	if err != nil {
		t.Fatalf("start embedded redis: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv.Addr()
}

// RedisServer is a redis-server process started by a test.
type RedisServer struct {
	Addr string
	cmd  *exec.Cmd
	port int
}

// StartRedisServer starts redis-server on a free loopback port, without
// persistence, and waits until it answers PING.
func StartRedisServer(t testing.TB) *RedisServer {
	t.Helper()
	port := FreePort(t)
	s := &RedisServer{Addr: "127.0.0.1:" + strconv.Itoa(port), port: port}
	s.Start(t)
	t.Cleanup(s.Stop)
	return s
}

// Start starts (or restarts) the server on its port.
func (s *RedisServer) Start(t testing.TB) {
	t.Helper()
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no")
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start redis-server: %v", err)
	}
	Eventually(t, 10*time.Second, func() bool { return ping(s.Addr) == nil }, "redis-server at %s answers PING", s.Addr)
}

// Stop kills the server and waits for it.
func (s *RedisServer) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

func ping(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if line != "+PONG\r\n" {
		return fmt.Errorf("unexpected answer %q", line)
	}
	return nil
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
