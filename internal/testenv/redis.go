package testenv

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/embedded"
	"github.com/txstream/txstream/internal/poll"
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
	Addr   string
	cmd    *exec.Cmd
	exited chan struct{}
	port   int
}

// redisPortTries is how many ports StartRedisServer tries.
const redisPortTries = 3

// StartRedisServer starts redis-server on a loopback port, without
// persistence, and waits until it answers PING. redis-server cannot bind
// port 0 and say which port it got, so it is given one that was free a
// moment ago; when another process took it in between, redis-server exits
// and another port is tried.
func StartRedisServer(t testing.TB) *RedisServer {
	t.Helper()
	for try := 1; ; try++ {
		port := FreePort(t)
		s := &RedisServer{Addr: "127.0.0.1:" + strconv.Itoa(port), port: port}
		err := s.start()
		if err == nil {
			t.Cleanup(s.Stop)
			return s
		}
		if !errors.Is(err, errRedisExited) || try == redisPortTries {
			t.Fatal(err)
		}
	}
}

// Start starts (or restarts) the server on its port.
func (s *RedisServer) Start(t testing.TB) {
	t.Helper()
	if err := s.start(); err != nil {
		t.Fatal(err)
	}
}

func (s *RedisServer) start() error {
	s.cmd = exec.Command("redis-server", "--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no")
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	exited := make(chan struct{})
	s.exited = exited
	go func(cmd *exec.Cmd) { _ = cmd.Wait(); close(exited) }(s.cmd)
	err := poll.Within(10*time.Second, 100*time.Millisecond, func() (bool, error) {
		answered := ping(s.Addr) == nil
		select {
		case <-exited: // a PONG came from whoever holds the port
			return false, fmt.Errorf("%w at %s", errRedisExited, s.Addr)
		default:
			return answered, nil
		}
	})
	if err != nil {
		s.Stop()
		return fmt.Errorf("redis-server at %s: %w", s.Addr, err)
	}
	return nil
}

// Stop kills the server and waits for it.
func (s *RedisServer) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
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
