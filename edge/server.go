package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"

	"github.com/valyala/fasthttp"
)

// Server is one of the three HTTP services. It is one-shot: Run or Serve
// starts it, cancelling their context stops it.
type Server struct {
	service Service
	addr    string // configured listen address
	cfg     Config
	router  router
	srv     *fasthttp.Server
	log     *slog.Logger
	openAPI []byte // the document with the configured addresses (openapi.go)
	// largeBody is the path of the one POST route whose body may reach
	// Config.MaxBatchBodyBytes (body_limit.go); "" for none.
	largeBody string

	started atomic.Bool
	bound   atomic.Pointer[string]
	// inFlight bounds the requests served at once (Config.MaxInFlight),
	// longPolls the long polls (Config.MaxLongPolls): a long poll counts
	// there and not in inFlight, so that waiting never starves writes.
	inFlight, longPolls slots
	// eventStreams bounds the open event streams (Config.MaxEventStreams,
	// events.go); a slot is held from the request until its stream ends.
	eventStreams slots
	// pendingStreams are the connections of streams that fasthttp has not
	// hijacked yet (events_serve.go), by connection.
	pendingStreams sync.Map

	// soft ends when shutdown starts: long polls answer at once. hard ends
	// at the shutdown deadline: writes still waiting for Kafka give up.
	soft, hard         context.Context
	stopSoft, stopHard context.CancelFunc
}

func newServer(service Service, addr string, cfg Config) *Server {
	s := &Server{service: service, addr: addr, cfg: cfg, log: cfg.Logger, router: newRouter(), openAPI: openAPIFor(cfg)}
	s.inFlight.max, s.longPolls.max = int64(cfg.MaxInFlight), int64(cfg.MaxLongPolls)
	s.eventStreams.max = int64(cfg.MaxEventStreams)
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.soft, s.stopSoft = context.WithCancel(context.Background())
	s.hard, s.stopHard = context.WithCancel(context.Background())
	s.srv = &fasthttp.Server{
		Handler:              s.handle,
		ErrorHandler:         s.parseError,
		Name:                 "txstream",
		ReadTimeout:          cfg.ReadTimeout,
		WriteTimeout:         cfg.WriteTimeout,
		IdleTimeout:          cfg.IdleTimeout,
		MaxRequestBodySize:   cfg.MaxBodyBytes,
		HeaderReceived:       s.bodyLimit,
		ReadBufferSize:       cfg.MaxHeaderBytes,
		NoDefaultContentType: true,
		CloseOnShutdown:      true,
		// fasthttp's errors would otherwise quote the request's bytes,
		// an Authorization header included, in its log and in the error
		// the ErrorHandler gets.
		SecureErrorLogMessage: true,
		Logger:                fasthttpLogger{s.log},
		ConnState:             s.connState,
	}
	s.addCommonRoutes()
	return s
}

// submitContext bounds a write by Config.SubmitTimeout; it also ends at
// the shutdown deadline.
func (s *Server) submitContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.hard, s.cfg.SubmitTimeout)
}

// verdictContext bounds a transaction's write: SubmitTimeout for Kafka's
// acknowledgement, then VerdictTimeout for the table's verdict on the id
// (actors/verdict.go); it also ends at the shutdown deadline.
func (s *Server) verdictContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.hard, s.cfg.SubmitTimeout+s.cfg.VerdictTimeout)
}

// Service names the service.
func (s *Server) Service() Service { return s.service }

// Addr is the address the server listens on once started, else "".
func (s *Server) Addr() string {
	if p := s.bound.Load(); p != nil {
		return *p
	}
	return ""
}

// Run listens on the configured address and serves until ctx ends, then
// shuts down gracefully within Config.ShutdownTimeout.
func (s *Server) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("%s service: listen %s: %w", s.service, s.addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends, then shuts down gracefully: it stops
// accepting, ends long polls and event streams, lets running requests finish until
// Config.ShutdownTimeout, then closes what is left. It closes ln and
// returns after the accept loop has ended.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if !s.started.CompareAndSwap(false, true) {
		_ = ln.Close()
		return fmt.Errorf("%s service: %w", s.service, ErrAlreadyServing)
	}
	addr := ln.Addr().String()
	s.bound.Store(&addr)
	tracked := newConnListener(ln)
	served := make(chan error, 1)
	go func() { served <- s.srv.Serve(tracked) }()
	select {
	case err := <-served:
		s.stopSoft()
		s.stopHard()
		tracked.closeAll()
		return fmt.Errorf("%s service: serve: %w", s.service, err)
	case <-ctx.Done():
	}
	return s.shutdown(tracked, served)
}

func (s *Server) shutdown(tracked *connListener, served <-chan error) error {
	s.stopSoft()
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := s.srv.ShutdownWithContext(ctx)
	// Streams run on hijacked connections, which fasthttp no longer
	// waits for; they end at once when soft does.
	if err == nil && !s.streamsEnded(ctx.Done()) {
		err = ctx.Err()
	}
	s.stopHard()
	// Shutdown may run before Serve registered the listener; closing it
	// here makes sure the accept loop ends either way.
	_ = tracked.Close()
	if err != nil {
		n := tracked.closeAll()
		err = fmt.Errorf("%s service: %w: closed %d connections after %s", s.service, ErrShutdownTimeout, n, s.cfg.ShutdownTimeout)
	}
	if serr := <-served; serr != nil && err == nil && !errors.Is(serr, net.ErrClosed) {
		err = fmt.Errorf("%s service: serve: %w", s.service, serr)
	}
	return err
}

// fasthttpLogger sends fasthttp's own messages to slog.
type fasthttpLogger struct{ log *slog.Logger }

func (l fasthttpLogger) Printf(format string, args ...any) {
	l.log.Warn(fmt.Sprintf(format, args...), "component", "fasthttp")
}
