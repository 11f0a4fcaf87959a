package edge

import (
	"bufio"
	"net"
	"time"

	"github.com/valyala/fasthttp"
)

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
	conn := ctx.Conn()
	s.pendingStreams.Store(conn, struct{}{})
	ctx.HijackSetNoResponse(true)
	ctx.Hijack(func(c net.Conn) {
		if _, ok := s.pendingStreams.LoadAndDelete(conn); ok {
			defer s.eventStreams.give()
		}
		s.runStream(c, head, route, follow)
	})
}

// connState gives back the slot of a stream whose hijack fasthttp did not
// start: it does not when the connection fails before (a flush of earlier
// pipelined answers, its deadline reset), and closes it instead; a
// hijacked connection is never reported closed.
func (s *Server) connState(c net.Conn, state fasthttp.ConnState) {
	if state != fasthttp.StateClosed {
		return
	}
	if _, ok := s.pendingStreams.LoadAndDelete(c); ok {
		s.eventStreams.give()
	}
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
// ends, or when the connection closes without it (connState).
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
