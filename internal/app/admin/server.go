package admin

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/metrics"
)

// MonitorPrefix is where goka's web monitor is served, on the admin address
// and on the Transaction Manager Service.
const MonitorPrefix = "/goka"

// ConsolePrefix is where the operator console is served, on the admin
// address and on the Transaction Manager Service.
const ConsolePrefix = "/console"

// Config is what the admin server serves.
type Config struct {
	// Limits are the services' limits (read, write and idle timeouts, the
	// header size): an address that is easier to hold open or to flood
	// than the services would be the one to attack.
	Limits   edge.Config
	Registry *prometheus.Registry
	// NotReady lists what the process still waits for; /readyz answers
	// 200 when it is empty. It is the process's one readiness.
	NotReady func() []string
	// Goka is goka's web monitor, served under MonitorPrefix; nil for none.
	Goka http.Handler
	// Console is the operator console, served under ConsolePrefix; nil
	// for none. It checks its own login and scopes (edge/console).
	Console http.Handler
	// Auth, when not nil, requires a key with the ops scope for /metrics
	// and the monitor, as the services do; /healthz and /readyz stay
	// open for the probes.
	Auth edge.Authenticator
}

// Server serves the process-wide /metrics, /healthz and /readyz, so that a
// process running only the processor role can be scraped and probed too,
// and goka's web monitor under /goka/. Its listener may be a TLS one.
type Server struct {
	ln     net.Listener
	server *http.Server
}

// New returns a server that will serve on ln, bound by the caller so that
// a busy address fails before anything else starts.
func New(ln net.Listener, c Config) *Server {
	return &Server{
		ln: ln,
		server: &http.Server{
			Handler: routes(c),
			// ReadTimeout covers the headers too, as fasthttp's does.
			ReadTimeout:    c.Limits.ReadTimeout,
			WriteTimeout:   c.Limits.WriteTimeout,
			IdleTimeout:    c.Limits.IdleTimeout,
			MaxHeaderBytes: netHTTPMaxHeaderBytes(c.Limits.MaxHeaderBytes),
		},
	}
}

func routes(c Config) http.Handler {
	mux := http.NewServeMux()
	if c.Goka != nil {
		mux.Handle(MonitorPrefix+"/", requireOps(c.Auth, c.Goka))
	}
	if c.Console != nil {
		mux.Handle(ConsolePrefix+"/", c.Console)
	}
	mux.Handle("GET /metrics", requireOps(c.Auth, metrics.Handler(c.Registry)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if waiting := c.NotReady(); len(waiting) > 0 {
			http.Error(w, "recovering: "+strings.Join(waiting, ", "), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// Addr is the bound address.
func (a *Server) Addr() string { return a.ln.Addr().String() }

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
// It closes the listener.
func (a *Server) Run(ctx context.Context) error {
	served := make(chan error, 1)
	go func() { served <- a.server.Serve(a.ln) }()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := a.server.Shutdown(sctx)
	if serr := <-served; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
