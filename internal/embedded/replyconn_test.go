package embedded

import (
	"context"
	"net"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"
)

// TestReplyConnHoldsRepliesUntilTheReaderAsks: replies written while the
// server has commands left to read go out together, in order, when it
// reads again; one written while it waits in Read goes out at once.
func TestReplyConnHoldsRepliesUntilTheReaderAsks(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	c := &replyConn{Conn: server}
	defer c.Close()
	for _, reply := range []string{"+OK\r\n", ":1\r\n"} {
		if _, err := c.Write([]byte(reply)); err != nil {
			t.Fatal(err)
		}
	}
	read := make(chan string, 1)
	go func() {
		buf := make([]byte, 16)
		n, _ := c.Read(buf)
		read <- string(buf[:n])
	}()
	// net.Pipe hands one Write to one Read: both replies in one read
	// means they were sent in one write.
	buf := make([]byte, 64)
	n, err := client.Read(buf)
	if err != nil || string(buf[:n]) != "+OK\r\n:1\r\n" {
		t.Fatalf("client read %q, %v; want both held replies in one write", buf[:n], err)
	}
	// The reader now waits in Read: a reply goes out at once.
	go func() { _, _ = c.Write([]byte(":2\r\n")) }()
	if n, err = client.Read(buf); err != nil || string(buf[:n]) != ":2\r\n" {
		t.Fatalf("client read %q, %v while the server waited", buf[:n], err)
	}
	if _, err := client.Write([]byte("PING\r\n")); err != nil {
		t.Fatal(err)
	}
	if got := <-read; got != "PING\r\n" {
		t.Fatalf("server read %q", got)
	}
}

// TestReplyConnSendsHeldRepliesOnClose: the reply to QUIT, after which
// miniredis closes the connection, still reaches the client.
func TestReplyConnSendsHeldRepliesOnClose(t *testing.T) {
	server, client := net.Pipe()
	defer client.Close()
	c := &replyConn{Conn: server}
	if _, err := c.Write([]byte("+OK\r\n")); err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	go func() { closed <- c.Close() }()
	buf := make([]byte, 16)
	if n, err := client.Read(buf); err != nil || string(buf[:n]) != "+OK\r\n" {
		t.Fatalf("client read %q, %v; want the held reply before the close", buf[:n], err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
}

// TestRedisAnswersLongPipelines: a pipeline far larger than miniredis's
// read buffer gets every reply, in order, through the held replies.
func TestRedisAnswersLongPipelines(t *testing.T) {
	_, rdb := testRedis(t, expiryTick)
	ctx := context.Background()
	const n = 5000
	value := string(make([]byte, 512))
	cmds, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for i := range n {
			p.Set(ctx, "k"+strconv.Itoa(i), value, 0)
			p.Incr(ctx, "count")
		}
		return nil
	})
	if err != nil || len(cmds) != 2*n {
		t.Fatalf("pipeline: %d replies, %v", len(cmds), err)
	}
	if got := cmds[2*n-1].(*redis.IntCmd).Val(); got != n {
		t.Fatalf("last INCR answered %d, want %d", got, n)
	}
}
