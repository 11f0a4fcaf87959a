package webhooks

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Registrar writes the registrations topic for the manager service: a new
// endpoint, a rotated secret, a tombstone. Each call returns once Kafka
// acknowledged the record and this process's Registry shows it, so that a
// GET right after the answer finds it. Two processes rotating one endpoint
// at once both succeed and the later record wins.
type Registrar struct {
	client   *kgo.Client
	topic    string
	registry *Registry
	guard    *Guard
	grace    time.Duration
	clock    func() time.Time
	timeout  time.Duration
}

// DefaultGrace is how long a rotated secret still signs: long enough for a
// receiver to deploy the new one.
const DefaultGrace = 24 * time.Hour

// NewRegistrar connects a producer for the registrations topic. grace is
// how long a rotated secret keeps signing.
func NewRegistrar(cfg streams.Config, registry *Registry, guard *Guard, grace time.Duration, clock func() time.Time) (*Registrar, error) {
	client, err := kgo.NewClient(streams.ProducerOptions(cfg)...)
	if err != nil {
		return nil, fmt.Errorf("webhooks producer: %w", err)
	}
	if clock == nil {
		clock = time.Now
	}
	return &Registrar{client: client, topic: cfg.Topics.Webhooks, registry: registry, guard: guard,
		grace: grace, clock: clock, timeout: cfg.ProduceTimeout}, nil
}

// Close closes the producer.
func (r *Registrar) Close() error {
	r.client.Close()
	return nil
}

// Registry is the registrations as this process sees them.
func (r *Registrar) Registry() *Registry { return r.registry }

// Register checks req (domain rules, then the SSRF guard on the host's
// addresses) and records a new endpoint with a new secret; the answer is
// the only place, with Rotate's, where the secret is handed out.
func (r *Registrar) Register(ctx context.Context, req domain.WebhookRequest) (*domain.WebhookEndpoint, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	u, _ := domain.CheckWebhookURL(req.URL)
	if err := r.guard.CheckHost(ctx, u.Hostname()); err != nil {
		return nil, refusedHost(err)
	}
	now := r.clock().UTC()
	ep := &domain.WebhookEndpoint{Schema: domain.SchemaVersion, ID: newEndpointID(), URL: req.URL, Events: req.Events,
		Description: req.Description, Secret: domain.NewWebhookSecret(), CreatedAt: now, UpdatedAt: now}
	return ep, r.put(ctx, ep)
}

// Rotate gives endpoint id a new secret; the old one signs on for the
// grace period (Standard Webhooks' several signatures).
func (r *Registrar) Rotate(ctx context.Context, id string) (*domain.WebhookEndpoint, error) {
	cur := r.registry.Get(id)
	if cur == nil {
		return nil, fmt.Errorf("%w: %s", domain.ErrWebhookNotFound, id)
	}
	next := cur.Rotated(r.clock().UTC(), r.grace)
	return &next, r.put(ctx, &next)
}

// Delete writes the tombstone of endpoint id. Its pending messages are
// dropped when their turn comes.
func (r *Registrar) Delete(ctx context.Context, id string) error {
	if r.registry.Get(id) == nil {
		return fmt.Errorf("%w: %s", domain.ErrWebhookNotFound, id)
	}
	if err := r.produce(ctx, id, nil); err != nil {
		return err
	}
	return r.visible(ctx, func(all map[string]*domain.WebhookEndpoint) bool { return all[id] == nil })
}

func (r *Registrar) put(ctx context.Context, ep *domain.WebhookEndpoint) error {
	value, err := (streams.JSON[domain.WebhookEndpoint]{}).Encode(ep)
	if err != nil {
		return fmt.Errorf("encode endpoint %s: %w", ep.ID, err)
	}
	if err := r.produce(ctx, ep.ID, value); err != nil {
		return err
	}
	return r.visible(ctx, func(all map[string]*domain.WebhookEndpoint) bool {
		got := all[ep.ID]
		return got != nil && got.Secret == ep.Secret
	})
}

func (r *Registrar) produce(ctx context.Context, key string, value []byte) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	err := r.client.ProduceSync(ctx, &kgo.Record{Topic: r.topic, Key: []byte(key), Value: value}).FirstErr()
	return streams.ClassifyProduce(r.topic, key, err)
}

// visible waits, up to the produce timeout, for the registry to show the
// write. Past it the write stands (it was acknowledged) and the answer
// says so anyway: the view only lags.
func (r *Registrar) visible(ctx context.Context, cond func(map[string]*domain.WebhookEndpoint) bool) error {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	_ = r.registry.await(ctx, cond)
	return nil
}

func newEndpointID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "ep_" + hex.EncodeToString(b)
}

// refusedHost is the error a client gets for a host the guard refused: it
// says which rule, not the addresses or the resolver's text, which would
// tell a client how inside names resolve.
func refusedHost(err error) error {
	if errors.Is(err, ErrUnresolvable) {
		return fmt.Errorf("%w: the URL's host does not resolve", domain.ErrInvalidWebhook)
	}
	return fmt.Errorf("%w: the URL's host is or resolves to an address deliveries may not reach "+
		"(loopback, private, link-local or another special-purpose range; --webhook-allow-private allows them)", domain.ErrInvalidWebhook)
}
