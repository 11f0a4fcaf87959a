package embedded

import (
	"net"
	"sync"
	"time"
)

// replyConn is the server side of a client's connection to the embedded
// Redis. miniredis flushes its reply to every command, one write(2) each:
// a cache write of one MULTI/EXEC made eight, half of that write's CPU
// (BENCHMARKS.md, "Session 6: the cache write"). replyConn holds the
// replies while miniredis still has commands of the client to read, and
// sends them in one write when its reader asks the connection for more.
//
// Nothing stays held: miniredis's reader goroutine asks for more (Read)
// as soon as it has handed on every command it read, and a reply written
// while it waits in Read goes out at once. Replies keep their order: the
// held ones go out, under mu, before any later one.
type replyConn struct {
	net.Conn

	mu      sync.Mutex
	held    []byte // replies not sent yet
	reading bool   // the reader waits in Read: replies go out at once
}

// Read sends the held replies, then reads the client's next commands.
func (c *replyConn) Read(p []byte) (int, error) {
	if err := c.startRead(); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.reading = false
	c.mu.Unlock()
	return n, err
}

func (c *replyConn) startRead() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reading = true
	if len(c.held) == 0 {
		return nil
	}
	_, err := c.Conn.Write(c.held)
	c.held = c.held[:0]
	return err
}

// Close sends the held replies first: miniredis closes a connection right
// after its reply to QUIT, which may still be held. A client that does not
// read gets closeGrace, so that closing the server never hangs on it.
func (c *replyConn) Close() error {
	c.mu.Lock()
	held := c.held
	c.held = nil
	c.mu.Unlock()
	if len(held) > 0 {
		_ = c.Conn.SetWriteDeadline(time.Now().Add(closeGrace))
		_, _ = c.Conn.Write(held)
	}
	return c.Conn.Close()
}

// closeGrace bounds the last write of a closing connection.
const closeGrace = time.Second

// Write holds p while the reader has commands left, else sends it.
func (c *replyConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reading {
		return c.Conn.Write(p)
	}
	c.held = append(c.held, p...)
	return len(p), nil
}
