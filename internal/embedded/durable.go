package embedded

import (
	"encoding/binary"
	"net"
	"sync"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// Durable acknowledgements. kfake writes a produced batch to its segment
// file with write(2) inside the produce handler and only then builds the
// response; it fsyncs nothing unless told to (kfake.SyncWrites, one fsync
// of the segment and one of the index per partition batch, in the broker's
// single request loop). The embedded broker instead holds back, on the
// connection, every response that acknowledges something written to disk
// until a group commit that started after the response was handed over has
// synced the data directory's file system: the acknowledgement leaves the
// broker only once the write is durable, and one sync serves every
// acknowledgement waiting at that moment, across all connections.
//
// This relies on kfake answering a request only after its files were
// written, and on writing each response to the connection after that
// (client_conn.go: the write goroutine takes the response from the
// handler). Holding a response back stalls only its own connection, which
// kfake serves one request at a time anyway, as Kafka does.

// durableKeys are the requests whose responses acknowledge state that kfake
// persists: records, topics and partitions, committed offsets.
var durableKeys = map[int16]bool{
	kmsg.Produce.Int16():          true,
	kmsg.CreateTopics.Int16():     true,
	kmsg.CreatePartitions.Int16(): true,
	kmsg.OffsetCommit.Int16():     true,
}

// durableListener wraps the broker's listener so that each connection
// holds back its acknowledgements until they are durable.
type durableListener struct {
	net.Listener
	commit *groupCommit
}

func (l durableListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &durableConn{Conn: c, commit: l.commit, requests: newFrames(8), responses: newFrames(4), pending: map[int32]bool{}}, nil
}

// durableConn notes the correlation ids of the requests in durableKeys as
// the broker reads them, and waits for a group commit before writing a
// response to one of them.
type durableConn struct {
	net.Conn
	commit    *groupCommit
	requests  *frames // read by the broker's read goroutine only
	responses *frames // written by its write goroutine only

	mu      sync.Mutex
	pending map[int32]bool // correlation ids whose responses wait for a commit
}

func (c *durableConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.requests.feed(p[:n], func(hdr []byte) {
		if durableKeys[int16(binary.BigEndian.Uint16(hdr[0:2]))] {
			c.mu.Lock()
			c.pending[int32(binary.BigEndian.Uint32(hdr[4:8]))] = true
			c.mu.Unlock()
		}
	})
	return n, err
}

// Write writes p once every response whose header it completes is
// durable. A client acts on a response only when it has the whole frame,
// so the bytes before a header may go out early.
func (c *durableConn) Write(p []byte) (int, error) {
	hold := false
	c.responses.feed(p, func(hdr []byte) {
		corr := int32(binary.BigEndian.Uint32(hdr))
		c.mu.Lock()
		if c.pending[corr] {
			delete(c.pending, corr)
			hold = true
		}
		c.mu.Unlock()
	})
	if hold {
		if err := c.commit.wait(); err != nil {
			// Not durable: the client must not take it as written. A
			// broken connection makes it retry or report the outcome
			// as unknown.
			_ = c.Conn.Close()
			return 0, &net.OpError{Op: "write", Net: "tcp", Addr: c.RemoteAddr(), Err: err}
		}
	}
	return c.Conn.Write(p)
}
