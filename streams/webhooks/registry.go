package webhooks

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Registry is the registrations as one process sees them: a goka view of
// the registrations topic, copied into memory as it updates (recovery
// included), so that the webhooks callbacks match every status change
// against the endpoints without reading LevelDB. A value it cannot read
// counts as absent, as in every table (streams.TableCodec).
type Registry struct {
	view  *goka.View
	codec streams.TableCodec[domain.WebhookEndpoint]

	mu      sync.RWMutex
	all     map[string]*domain.WebhookEndpoint
	changed chan struct{} // closed and replaced at every update

	// state guards the view's Recovered against its close: goka's View
	// reads in Recovered what its Run writes when it stops.
	state     sync.Mutex
	stopped   bool
	recovered bool
}

// NewRegistry builds the view (sub names it among the process's
// storages); nothing connects before Run.
func NewRegistry(cfg streams.Config, sub string, extra ...goka.ViewOption) (*Registry, error) {
	r := &Registry{all: map[string]*domain.WebhookEndpoint{}, changed: make(chan struct{})}
	// Always in memory, read from Kafka at every start: the copy in
	// memory is filled by the update callback, which hears only what the
	// view reads from Kafka, not what a data directory already holds. The
	// topic is a few compacted records.
	inMemory := cfg
	inMemory.StorageDir = ""
	opts := append(cfg.ViewOptions(), goka.WithViewCallback(r.update),
		goka.WithViewStorageBuilder(inMemory.StorageBuilder(sub)))
	view, err := goka.NewView(cfg.Brokers, goka.Table(cfg.Topics.Webhooks), r.codec, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("view of %s: %w", cfg.Topics.Webhooks, err)
	}
	r.view = view
	return r, nil
}

func (r *Registry) update(ctx goka.UpdateContext, s storage.Storage, key string, value []byte) error {
	if err := goka.DefaultUpdate(ctx, s, key, value); err != nil {
		return err
	}
	var ep *domain.WebhookEndpoint
	if value != nil {
		decoded, _ := r.codec.Decode(value)
		ep, _ = decoded.(*domain.WebhookEndpoint)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ep == nil || ep.ID != key {
		delete(r.all, key)
	} else {
		r.all[key] = ep
	}
	close(r.changed)
	r.changed = make(chan struct{})
	return nil
}

// Run runs the view until ctx is done.
func (r *Registry) Run(ctx context.Context) error {
	viewCtx, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, func() {
		r.state.Lock()
		r.stopped = true
		r.state.Unlock()
		cancel()
	})
	defer stop()
	defer cancel()
	if err := r.view.Run(viewCtx); err != nil {
		return fmt.Errorf("webhooks view: %w", err)
	}
	return nil
}

// Recovered reports whether the view has read the topic to its end once.
func (r *Registry) Recovered() bool {
	r.state.Lock()
	defer r.state.Unlock()
	if !r.recovered && !r.stopped {
		r.recovered = r.view.Recovered()
	}
	return r.recovered
}

// Goka returns the underlying view, for monitoring.
func (r *Registry) Goka() *goka.View { return r.view }

// Get returns the endpoint id, or nil. The value is shared: callers must
// not change it.
func (r *Registry) Get(id string) *domain.WebhookEndpoint {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.all[id]
}

// List returns every endpoint, ordered by id.
func (r *Registry) List() []*domain.WebhookEndpoint {
	r.mu.RLock()
	out := make([]*domain.WebhookEndpoint, 0, len(r.all))
	for _, ep := range r.all {
		out = append(out, ep)
	}
	r.mu.RUnlock()
	slices.SortFunc(out, func(a, b *domain.WebhookEndpoint) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// Subscribed returns the endpoints that want t, ordered by id.
func (r *Registry) Subscribed(t domain.EventType) []*domain.WebhookEndpoint {
	all := r.List()
	return slices.DeleteFunc(all, func(ep *domain.WebhookEndpoint) bool { return !ep.Wants(t) })
}

// await returns once cond holds of the registry or ctx ends, for a writer
// that wants its own write visible before it answers.
func (r *Registry) await(ctx context.Context, cond func(all map[string]*domain.WebhookEndpoint) bool) error {
	for {
		r.mu.RLock()
		ok, changed := cond(r.all), r.changed
		r.mu.RUnlock()
		if ok {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
