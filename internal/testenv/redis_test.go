package testenv

import (
	"errors"
	"net"
	"os/exec"
	"testing"
)

// TestRedisServerOnATakenPort: a redis-server whose port another process
// holds fails with errRedisExited (StartRedisServer then tries another
// port), not by answering through the other process.
func TestRedisServerOnATakenPort(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("no redis-server on the PATH")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s := &RedisServer{Addr: ln.Addr().String(), port: ln.Addr().(*net.TCPAddr).Port}
	if err := s.start(); !errors.Is(err, errRedisExited) {
		t.Fatalf("start on a taken port: %v, want errRedisExited", err)
	}
	if srv := StartRedisServer(t); ping(srv.Addr) != nil {
		t.Fatalf("StartRedisServer: %s does not answer PING", srv.Addr)
	}
}
