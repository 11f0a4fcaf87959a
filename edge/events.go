package edge

import (
	"bufio"
	"errors"
	"net"
	"os"
	"time"

	"github.com/valyala/fasthttp"
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
	// eventBuffer is a stream's buffer: what one flush may send at most
	// before the write deadline applies again, and all a stream keeps in
	// memory besides the event being written. A stream reads its source
	// (the table, the log index) only when what it wrote went out, so a
	// slow reader holds the buffer and nothing more.
	eventBuffer = 4 << 10
)

// StreamObserver is told what the event streams do. Routes are
// templates. Methods must be safe for concurrent use and not block.
type StreamObserver interface {
	// StreamOpen: delta is +1 when a stream starts and -1 when it ends.
	StreamOpen(service Service, route string, delta int)
	// EventsSent: n events went out on a stream of route.
	EventsSent(service Service, route string, n int)
	// StreamCut: a stream was ended because a write did not complete
	// within Config.EventWriteTimeout (a slow reader).
	StreamCut(service Service, route string)
}

// NopStreamObserver ignores everything; it is the default.
type NopStreamObserver struct{}

func (NopStreamObserver) StreamOpen(Service, string, int) {}
func (NopStreamObserver) EventsSent(Service, string, int) {}
func (NopStreamObserver) StreamCut(Service, string)       {}

func (s *Server) streamObserver() StreamObserver { return s.cfg.Streams }

// isStreamCut: err is a write that missed its deadline.
func isStreamCut(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

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

// startStream answers ctx with an event stream: the response head now,
// then follow on the hijacked connection until it returns, the client
// leaves, a write misses its deadline, or the server shuts down (follow
// must return when s.soft ends). The route's event-stream slot, taken by
// serveStream, is given back when the stream ends.
func (s *Server) startStream(ctx *fasthttp.RequestCtx, route string, follow func(*eventStream) error) {
	ctx.Response.SetStatusCode(fasthttp.StatusOK)
	ctx.Response.Header.SetContentType(eventContentType)
	ctx.Response.Header.Set(fasthttp.HeaderCacheControl, "no-cache")
	// nginx buffers responses unless told otherwise.
	ctx.Response.Header.Set("X-Accel-Buffering", "no")
	ctx.Response.Header.SetConnectionClose()
	ctx.Response.Header.SetContentLength(-2) // no length: the body ends with the connection
	head := ctx.Response.Header.AppendBytes(nil)
	ctx.HijackSetNoResponse(true)
	ctx.Hijack(func(c net.Conn) {
		defer s.eventStreams.give()
		s.runStream(c, head, route, follow)
	})
}

// runStream writes the head, then the events, and reports how it ended.
func (s *Server) runStream(c net.Conn, head []byte, route string, follow func(*eventStream) error) {
	obs := s.streamObserver()
	obs.StreamOpen(s.service, route, 1)
	defer obs.StreamOpen(s.service, route, -1)
	e := &eventStream{s: s, route: route, bw: bufio.NewWriterSize(deadlineWriter{c, s.cfg.EventWriteTimeout}, eventBuffer)}
	err := e.writeHead(head)
	if err == nil {
		err = follow(e)
	}
	switch {
	case err == nil:
	case isStreamCut(err):
		obs.StreamCut(s.service, route)
		s.log.Debug("event stream cut: the client reads too slowly", "service", s.service, "route", route)
	default:
		s.log.Debug("event stream ended", "service", s.service, "route", route, "err", err)
	}
}

func (e *eventStream) writeHead(head []byte) error {
	if _, err := e.bw.Write(head); err != nil {
		return err
	}
	return e.bw.Flush()
}

// serveStream runs a stream route under the event-stream bound, apart
// from MaxInFlight and MaxLongPolls: a stream holds its connection for as
// long as the client reads. The slot is given back here when the route
// answered without a stream (an error, 404, 204), else when the stream
// ends. (Should fasthttp fail to start the hijack, which it does only on
// a connection already broken, the slot stays taken.)
func (s *Server) serveStream(ctx *fasthttp.RequestCtx, rt *route, param string) {
	if !s.eventStreams.take() {
		s.cfg.Observer.Overloaded(s.service, rt.pattern)
		writeProblem(ctx, CodeOverloaded, "", "too many event streams open; retry later", s.cfg.RetryAfter)
		return
	}
	rt.serve(ctx, param)
	if !ctx.Hijacked() {
		s.eventStreams.give()
	}
}

// streamsEnded waits until every stream has ended, or until deadline.
// Streams end when s.soft does, at their next wake-up, so this is short;
// a stream stuck in a write is cut by its write deadline or, past the
// shutdown deadline, by the closing of its connection.
func (s *Server) streamsEnded(deadline <-chan struct{}) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for s.eventStreams.used.Load() > 0 {
		select {
		case <-deadline:
			return false
		case <-tick.C:
		}
	}
	return true
}

// EventRoute is one event stream route of one service: the labels of the
// stream metrics.
type EventRoute struct {
	Service Service
	Route   string
}

// EventRoutes lists the event stream routes.
func EventRoutes() []EventRoute {
	return []EventRoute{{ServiceTransaction, routeTransactionEvents}, {ServiceManager, routeEvents}}
}
