package console

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
)

// Tables is what the pages read: the goka views and the status-log index.
// A nil record with a nil error means the id is unknown. edge.Tables and
// internal/app's read model satisfy it.
type Tables interface {
	Transaction(id string) (*domain.Transaction, error)
	Conversion(id string) (*domain.Conversion, error)
	Rates() ([]domain.Rate, error)
	Log(q domain.LogQuery) (domain.LogPage, error)
	History(id string) (*domain.StatusLog, error)
}

// EventLog is the status log in the order its changes arrived, for the
// live view's newest changes: the status-log index's Tail and Since, as
// GET /transactions/events reads them (internal/app wires the index).
// Its cursors are exact across partitions, where a listing by time from
// the newest change seen misses a change filed later with an earlier time.
type EventLog interface {
	// Tail is the cursor of the present end.
	Tail() (string, error)
	// Since returns the changes after cursor, of one status or all (""),
	// at most max per partition, each with the cursor after it.
	Since(cursor string, status domain.Status, max int) (domain.LogChanges, error)
}

// DeadLetters lists and replays the dead-letter topic's letters, through
// the code of "txstream dlq" (internal/app wires it).
type DeadLetters interface {
	// List reads the topic up to its current end, in topic order.
	List(ctx context.Context) ([]DeadLetter, error)
	// Replay re-publishes the dead letter id ("partition/offset", as
	// List names it) and says what it did, as dlq replay prints it.
	Replay(ctx context.Context, id string) (string, error)
}

// Webhooks reads the webhook registrations and their recent deliveries,
// what GET /webhooks and GET /webhooks/{id}/deliveries answer
// (internal/app wires the manager's edge.Webhooks): the registry the
// process holds in memory and its view of the webhook-deliveries table.
type Webhooks interface {
	// Endpoints lists the registrations, ordered by id; read-only.
	Endpoints() []*domain.WebhookEndpoint
	// Deliveries lists an endpoint's recent messages, newest first:
	// each once its first attempt is settled, and only the newest
	// (webhooks.RecentDeliveries per endpoint).
	Deliveries(id string) ([]domain.WebhookDelivery, error)
}

// DeadLetter is one dead letter as the console shows it: text only, the
// key and the error already made printable.
type DeadLetter struct {
	ID     string // partition/offset in the dead-letter topic
	Source string // topic/partition/offset the processor read it from
	Group  string
	Reason string
	Error  string
	Key    string
	At     time.Time // zero when the letter does not say
	// Replayed names where the latest replay went; "" when never.
	Replayed string
	// Refused says why it may never be replayed; "" when it may.
	Refused string
}

// Authenticator turns an Authorization header value into the principal of
// its key (*auth.Keys, edge.Authenticator).
type Authenticator interface {
	Authenticate(header []byte) (auth.Principal, error)
}

// Config is what a Console serves and how.
type Config struct {
	// Prefix is the path the console is mounted at, without a trailing
	// slash: "/console".
	Prefix string
	Tables Tables
	// Events, when nil, leaves the live view's newest changes empty.
	Events EventLog
	// DeadLetters, when nil, leaves the dead-letter pages out.
	DeadLetters DeadLetters
	// Webhooks, when nil, leaves the webhook pages and the transaction
	// page's webhook messages out.
	Webhooks Webhooks
	// Metrics is the process's registry, read by the live view's sampler;
	// nil leaves the charts out.
	Metrics prometheus.Gatherer
	// Auth, when nil, serves every page without a login (dev's open
	// mode); otherwise a key is asked for once and kept in a cookie.
	Auth Authenticator
	// TLS marks the cookies Secure (they are also when the request came
	// over TLS).
	TLS    bool
	Logger *slog.Logger

	// Interval is the live view's sampling period, Window how many
	// samples it keeps for a viewer that just arrived.
	Interval time.Duration
	Window   int
	// MaxStreams bounds the live streams open at once; more get 503.
	MaxStreams int
	// StreamFor is how long one live response lasts before the browser's
	// EventSource reconnects (with Last-Event-ID, so nothing is sent
	// twice): it must end before the server's write timeout.
	StreamFor time.Duration
	// Recent is how many of the newest status changes the live view shows.
	Recent int
}

// DefaultConfig is the console under /console, sampling every second and
// keeping five minutes.
func DefaultConfig() Config {
	return Config{Prefix: "/console", Interval: time.Second, Window: 300, MaxStreams: 16, StreamFor: 8 * time.Second, Recent: 20}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Prefix == "" {
		c.Prefix = d.Prefix
	}
	if c.Interval <= 0 {
		c.Interval = d.Interval
	}
	if c.Window <= 0 {
		c.Window = d.Window
	}
	if c.MaxStreams <= 0 {
		c.MaxStreams = d.MaxStreams
	}
	if c.StreamFor <= 0 {
		c.StreamFor = d.StreamFor
	}
	if c.Recent <= 0 {
		c.Recent = d.Recent
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate checks what cannot be defaulted.
func (c Config) Validate() error {
	switch {
	case c.Tables == nil:
		return fmt.Errorf("%w: no Tables", ErrInvalidConfig)
	case c.Prefix != "" && (c.Prefix[0] != '/' || c.Prefix[len(c.Prefix)-1] == '/'):
		return fmt.Errorf("%w: prefix %q must start with / and not end with one", ErrInvalidConfig, c.Prefix)
	}
	return nil
}
