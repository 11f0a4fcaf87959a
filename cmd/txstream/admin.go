package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/metrics"
)

// readiness is one thing /readyz waits for: a view, a processor, an index.
type readiness struct {
	name  string
	ready func() bool
}

// notReady lists the checks that do not hold yet.
func notReady(checks []readiness) []string {
	var waiting []string
	for _, c := range checks {
		if !c.ready() {
			waiting = append(waiting, c.name)
		}
	}
	return waiting
}

// adminServer serves the process-wide /metrics, /healthz and /readyz, so
// that a process running only the processor role can be scraped and probed
// too, and goka's web monitor under /goka/. It has the services' limits
// (edge.Config): an address that is easier to hold open or to flood than
// the services would be the one to attack.
type adminServer struct {
	addr   string
	bound  atomic.Pointer[string] // the listen address once listening
	server *http.Server
}

// Addr is the bound address, "" before Run listens.
func (a *adminServer) Addr() string {
	if p := a.bound.Load(); p != nil {
		return *p
	}
	return ""
}

func newAdminServer(addr string, limits edge.Config, reg *prometheus.Registry, checks []readiness, gokaUI http.Handler) *adminServer {
	mux := http.NewServeMux()
	if gokaUI != nil {
		mux.Handle(gokaMonitorPrefix+"/", gokaUI)
	}
	mux.Handle("GET /metrics", metrics.Handler(reg))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if waiting := notReady(checks); len(waiting) > 0 {
			http.Error(w, "recovering: "+strings.Join(waiting, ", "), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return &adminServer{
		addr: addr,
		server: &http.Server{
			Handler: mux,
			// ReadTimeout covers the headers too, as fasthttp's does.
			ReadTimeout:    limits.ReadTimeout,
			WriteTimeout:   limits.WriteTimeout,
			IdleTimeout:    limits.IdleTimeout,
			MaxHeaderBytes: netHTTPMaxHeaderBytes(limits.MaxHeaderBytes),
		},
	}
}

// netHTTPHeaderSlack is what net/http reads past MaxHeaderBytes before it
// refuses a request's headers (the "bufio slop" of its
// Server.initialReadLimitSize).
const netHTTPHeaderSlack = 4096

// netHTTPMaxHeaderBytes is the MaxHeaderBytes with which net/http refuses
// the headers that fasthttp refuses with a read buffer of limit bytes (the
// request line and headers must fit it). Below 4 KiB net/http cannot be
// as strict: it takes up to 4 KiB and a byte.
func netHTTPMaxHeaderBytes(limit int) int { return max(limit-netHTTPHeaderSlack, 1) }

// Run serves until ctx is done, then lets running scrapes finish briefly.
func (a *adminServer) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", a.addr)
	if err != nil {
		return fmt.Errorf("metrics server: listen %s: %w", a.addr, err)
	}
	bound := ln.Addr().String()
	a.bound.Store(&bound)
	served := make(chan error, 1)
	go func() { served <- a.server.Serve(ln) }()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err = a.server.Shutdown(sctx)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
