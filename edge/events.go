package edge

import (
	"bufio"
	"net"
	"time"
)

// Event streams are server-sent events (the WHATWG HTML standard's
// text/event-stream): a 200 whose body never ends by itself, made of
// events
//
//	id: <id>
//	event: status
//	data: <one line of JSON>
//	<blank line>
//
// and of comments (": keep-alive") that keep an idle connection from
// being closed by a proxy. A client that reconnects sends the last id it
// got as Last-Event-ID and the stream resumes after it.
//
// A stream is served on the hijacked connection (fasthttp's Hijack), on
// the goroutine fasthttp starts for it, so that the writes can carry their
// own deadline: fasthttp's WriteTimeout would end every stream, and a
// body stream writer gets no deadline at all. The response is HTTP/1.1
// with Connection: close and no length: the body ends with the
// connection.
const (
	eventContentType  = "text/event-stream"
	headerLastEventID = "Last-Event-ID"
	// eventName is the event type of a status change, on both routes.
	eventName = "status"
	// eventBuffer is a stream's write buffer, all a stream keeps of its
	// events besides the one being written: a stream reads its source
	// (the table, the log index) only once what it wrote went out, so a
	// slow reader holds the buffer and nothing more (BENCHMARKS.md,
	// "Event streams", for its size).
	eventBuffer = 4 << 10
)

// eventStream writes one stream's events to its connection.
type eventStream struct {
	s       *Server
	route   string
	bw      *bufio.Writer
	pending int // events buffered since the last flush
}

// deadlineWriter gives every write to the connection its own deadline,
// also those bufio makes when its buffer fills between flushes.
type deadlineWriter struct {
	conn    net.Conn
	timeout time.Duration
}

func (w deadlineWriter) Write(p []byte) (int, error) {
	if err := w.conn.SetWriteDeadline(time.Now().Add(w.timeout)); err != nil {
		return 0, err
	}
	return w.conn.Write(p)
}

// event buffers one event; data is one line of JSON.
func (e *eventStream) event(id string, data []byte) error {
	for _, part := range [...]string{"id: ", id, "\nevent: " + eventName + "\ndata: "} {
		if _, err := e.bw.WriteString(part); err != nil {
			return err
		}
	}
	if _, err := e.bw.Write(data); err != nil {
		return err
	}
	_, err := e.bw.WriteString("\n\n")
	e.pending++
	return err
}

// flush sends what is buffered and counts the events it carried.
func (e *eventStream) flush() error {
	err := e.bw.Flush()
	if e.pending > 0 && err == nil {
		e.s.streamObserver().EventsSent(e.s.service, e.route, e.pending)
	}
	e.pending = 0
	return err
}

// keepAlive sends a comment, which clients ignore, so that an idle
// stream is not closed by a proxy and a client that left is noticed.
func (e *eventStream) keepAlive() error {
	if _, err := e.bw.WriteString(": keep-alive\n\n"); err != nil {
		return err
	}
	return e.flush()
}
