package edge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Config configures the three services. Zero fields take the defaults of
// DefaultConfig; hooks left nil get no-op or built-in behaviour.
type Config struct {
	// Listen addresses.
	TransactionAddr string
	ConverterAddr   string
	ManagerAddr     string

	// MaxBodyBytes bounds a request body (413 body_too_large beyond).
	MaxBodyBytes int
	// MaxBatch bounds the items of one POST /transactions/batch (413
	// batch_too_large beyond), and MaxBatchBodyBytes its body (413
	// body_too_large beyond; never less than MaxBodyBytes); each item is
	// still bounded by MaxBodyBytes, as the body it would be alone.
	MaxBatch          int
	MaxBatchBodyBytes int
	// MaxHeaderBytes bounds the request line and headers (431 beyond).
	MaxHeaderBytes int

	ReadTimeout  time.Duration // whole request
	WriteTimeout time.Duration // whole response
	IdleTimeout  time.Duration // keep-alive between requests
	// ShutdownTimeout bounds graceful shutdown; connections still open
	// after it are closed.
	ShutdownTimeout time.Duration
	// SubmitTimeout bounds a write (POST, PUT) waiting for the actors and
	// Kafka; past it the answer is 504 outcome_unknown, since the write may
	// still reach Kafka.
	SubmitTimeout time.Duration
	// VerdictTimeout is added to SubmitTimeout for a transaction submit,
	// which waits after Kafka's acknowledgement for the table to show
	// which body won the id (actors.Config.VerdictTimeout); zero for a
	// submitter that answers at the acknowledgement.
	VerdictTimeout time.Duration
	// WaitMax bounds ?wait= on GET /transactions/{id}; longer waits are
	// cut to it.
	WaitMax time.Duration
	// MaxInFlight bounds concurrent requests per service, probes, /metrics
	// and long polls (MaxLongPolls) excepted; past it the answer is 503
	// overloaded.
	MaxInFlight int
	// MaxLongPolls bounds the GET /transactions/{id}?wait= requests that
	// wait at once, apart from MaxInFlight: a long poll holds its
	// connection for up to WaitMax, and counted as in flight, enough of
	// them left every other client 503 until their waits ended. Past it
	// the answer is 503 overloaded. The default is Little's law with room
	// to spare: a client that long-polls every transaction at
	// the sustained rate of BENCHMARKS.md ("Results of make bench"), each
	// wait lasting the end-to-end p99, keeps about that many waiting; more
	// are clients waiting for transactions that do not complete soon,
	// whose connections, buffers and goroutines the bound keeps from
	// growing without end.
	MaxLongPolls int
	// MaxEventStreams bounds the event streams open at once per service
	// (GET /transactions/{id}/events, GET /transactions/events), apart
	// from MaxInFlight and MaxLongPolls: a stream holds its connection,
	// a goroutine and a 4 KiB buffer for as long as its client reads.
	// Past it the answer is 503 overloaded.
	MaxEventStreams int
	// EventKeepAlive is how long a stream stays silent before it sends a
	// comment, so that proxies keep it open and a client that left is
	// noticed.
	EventKeepAlive time.Duration
	// EventWriteTimeout bounds each write of a stream; a client that does
	// not take the bytes within it is cut off (a slow reader), never
	// buffered for.
	EventWriteTimeout time.Duration
	// Events is the status log in arrival order, which the Transaction
	// Manager Service streams as GET /transactions/events; nil serves no
	// such route.
	Events EventLog
	// Streams receives the event streams' metrics hooks; nil is
	// NopStreamObserver.
	Streams StreamObserver
	// RetryAfter is the delay sent in Retry-After with every 503.
	RetryAfter time.Duration
	// LogLimitDefault and LogLimitMax bound a page of GET /transactions/log.
	LogLimitDefault int
	LogLimitMax     int

	// Metrics serves /metrics (the Prometheus registry's handler); nil
	// answers 404 there.
	Metrics http.Handler
	// Monitor, when set, is served by the Transaction Manager Service under
	// MonitorPrefix + "/": goka's web monitor and query UI (an operator's
	// pages, not part of the API, so not in the OpenAPI document).
	Monitor       http.Handler
	MonitorPrefix string
	// Webhooks, when set, gives the Transaction Manager Service the
	// webhook routes (/webhooks...).
	Webhooks Webhooks
	// Console, when set, is served by the Transaction Manager Service
	// under ConsolePrefix + "/": the operator console (edge/console), which
	// checks its own login (a cookie) and scopes, so the edge asks for no
	// Authorization header there (scopeSelf). Not in the OpenAPI document.
	Console       http.Handler
	ConsolePrefix string
	// Auth authenticates every request of a route that needs a key
	// (every route but /healthz and /readyz; the route tables declare each
	// route's scope): 401 without a valid key, 403 without the route's
	// scope. nil lets every request in, anonymous. (An interface holding
	// a nil *auth.Keys is not nil: leave the field unset instead.)
	Auth Authenticator
	// Limiter bounds each key's requests (by the key's name) or, when Auth
	// is nil, each client address's: 429 beyond. nil limits nothing.
	Limiter Limiter
	// HTTPS says that the services' listeners serve TLS (the composition
	// wraps them), so that the OpenAPI document's servers are https URLs.
	HTTPS bool
	// Observer receives the metrics hooks; nil is NopObserver.
	Observer Observer
	// Classify maps an error of Transactions, Tables or RateSetter to a
	// catalog code (for example actors.ErrConflict to CodeConflict). It
	// returns "" for errors it does not know; the edge then applies its own
	// rules: context.DeadlineExceeded is CodeOutcomeUnknown for a write and
	// CodeUnavailable for a read, context.Canceled CodeStopping, any other
	// write error CodeInternal and any other read error
	// CodeTablesUnavailable.
	Classify func(error) Code
	// Now is the clock stamped on accepted requests; nil is time.Now.
	Now func() time.Time
	// Logger receives recovered panics, shutdown trouble, fasthttp's own
	// messages and, at info, the audit line of every write (audit.go);
	// nil discards them.
	Logger *slog.Logger
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{
		// The seed's ports.
		TransactionAddr: ":5001",
		ConverterAddr:   ":5002",
		ManagerAddr:     ":5003",
		MaxBodyBytes:    16 << 10, // four times the largest metadata
		MaxHeaderBytes:  8 << 10,
		// TigerBeetle takes up to 8,190 per request; a thousand keeps a
		// batch's answer, and the work one request holds in flight,
		// modest.
		MaxBatch: 1000,
		// A thousand items of a few hundred bytes, with room: not a
		// thousand times MaxBodyBytes, which a client never needs.
		MaxBatchBodyBytes: 4 << 20,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		ShutdownTimeout:   10 * time.Second,
		SubmitTimeout:     5 * time.Second,
		WaitMax:           30 * time.Second,
		MaxInFlight:       4096,
		MaxLongPolls:      1024,
		MaxEventStreams:   1024,
		EventKeepAlive:    15 * time.Second,
		EventWriteTimeout: 10 * time.Second,
		RetryAfter:        time.Second,
		LogLimitDefault:   100,
		LogLimitMax:       1000,
		MonitorPrefix:     "/goka",
		ConsolePrefix:     "/console",
	}
}

// Validate reports the first setting that cannot work, after defaults.
func (c Config) Validate() error {
	c = c.withDefaults()
	checks := []struct {
		bad  bool
		what string
	}{
		{c.MaxBodyBytes < 64, "MaxBodyBytes must be at least 64"},
		{c.MaxBatch < 0, "MaxBatch must not be negative"},
		{c.MaxBatchBodyBytes < 0, "MaxBatchBodyBytes must not be negative"},
		{c.MaxHeaderBytes < 1024, "MaxHeaderBytes must be at least 1024"},
		{c.ReadTimeout < 0 || c.WriteTimeout < 0 || c.IdleTimeout < 0, "timeouts must not be negative"},
		{c.ShutdownTimeout < 0 || c.SubmitTimeout < 0 || c.VerdictTimeout < 0 || c.WaitMax < 0, "timeouts must not be negative"},
		{c.MaxInFlight < 0, "MaxInFlight must not be negative"},
		{c.MaxLongPolls < 0, "MaxLongPolls must not be negative"},
		{c.MaxEventStreams < 0, "MaxEventStreams must not be negative"},
		{c.EventKeepAlive < 0 || c.EventWriteTimeout < 0, "event stream timeouts must not be negative"},
		{c.RetryAfter < 0, "RetryAfter must not be negative"},
		{c.LogLimitDefault < 0 || c.LogLimitMax < 0, "log limits must not be negative"},
		{c.LogLimitDefault > c.LogLimitMax, "LogLimitDefault must not exceed LogLimitMax"},
	}
	for _, chk := range checks {
		if chk.bad {
			return fmt.Errorf("%w: %s", ErrInvalidConfig, chk.what)
		}
	}
	return nil
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	setDefault(&c.TransactionAddr, d.TransactionAddr)
	setDefault(&c.ConverterAddr, d.ConverterAddr)
	setDefault(&c.ManagerAddr, d.ManagerAddr)
	setDefault(&c.MaxBodyBytes, d.MaxBodyBytes)
	setDefault(&c.MaxHeaderBytes, d.MaxHeaderBytes)
	setDefault(&c.MaxBatch, d.MaxBatch)
	setDefault(&c.MaxBatchBodyBytes, d.MaxBatchBodyBytes)
	setDefault(&c.ReadTimeout, d.ReadTimeout)
	setDefault(&c.WriteTimeout, d.WriteTimeout)
	setDefault(&c.IdleTimeout, d.IdleTimeout)
	setDefault(&c.ShutdownTimeout, d.ShutdownTimeout)
	setDefault(&c.SubmitTimeout, d.SubmitTimeout)
	setDefault(&c.WaitMax, d.WaitMax)
	setDefault(&c.MaxInFlight, d.MaxInFlight)
	setDefault(&c.MaxLongPolls, d.MaxLongPolls)
	setDefault(&c.MaxEventStreams, d.MaxEventStreams)
	setDefault(&c.EventKeepAlive, d.EventKeepAlive)
	setDefault(&c.EventWriteTimeout, d.EventWriteTimeout)
	setDefault(&c.RetryAfter, d.RetryAfter)
	setDefault(&c.LogLimitDefault, d.LogLimitDefault)
	setDefault(&c.LogLimitMax, d.LogLimitMax)
	setDefault(&c.MonitorPrefix, d.MonitorPrefix)
	setDefault(&c.ConsolePrefix, d.ConsolePrefix)
	if c.Observer == nil {
		c.Observer = NopObserver{}
	}
	if c.Streams == nil {
		c.Streams = NopStreamObserver{}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

func setDefault[T comparable](field *T, def T) {
	var zero T
	if *field == zero {
		*field = def
	}
}

// classify maps a dependency error of a read to a code: the Classify hook
// first, then the edge's own rules, then fallback.
func (c Config) classify(err error, fallback Code) Code {
	if code := c.hook(err); code != "" {
		return code
	}
	return ownRules(err, fallback)
}

// classifyWrite is classify for a write (POST, PUT). A write the edge
// stopped waiting for at its deadline may still reach Kafka, so there the
// deadline is outcome_unknown, never unavailable.
func (c Config) classifyWrite(err error) Code {
	if code := c.hook(err); code != "" {
		return code
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return CodeOutcomeUnknown
	}
	return ownRules(err, CodeInternal)
}

func (c Config) hook(err error) Code {
	if c.Classify == nil {
		return ""
	}
	return c.Classify(err)
}

// ownRules are the edge's rules for the errors Classify does not know.
func ownRules(err error, fallback Code) Code {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return CodeUnavailable
	case errors.Is(err, context.Canceled):
		return CodeStopping
	}
	return fallback
}
