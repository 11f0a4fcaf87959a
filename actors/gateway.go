package actors

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/eventstream"
	"github.com/txstream/txstream/domain"
)

// Producer puts events on Kafka. Both methods return only after Kafka
// acknowledged the record (acks=all), or with an error; they must honour
// ctx, which carries Config.ProduceTimeout. An error whose chain has an
// OutcomeUnknown() bool method says whether the record may have been
// written; without one, the context's errors count as unknown and others
// as surely not written (see outcomeUnknown).
type Producer interface {
	ProduceTransaction(ctx context.Context, ev domain.TransactionRequested) error
	ProduceConversion(ctx context.Context, req domain.ConversionRequest) error
}

// Lookup reads the goka tables, the source of truth. Both methods return
// nil, nil for an unknown id.
type Lookup interface {
	Transaction(id string) (*domain.Transaction, error)
	Conversion(id string) (*domain.Conversion, error)
}

// Gateway is the actor layer's entry point: it hands each call to the actor
// that owns the id in this process, spawning it on demand under a
// supervisor, and bounds the work in flight.
type Gateway struct {
	system     *actor.ActorSystem
	cfg        Config
	producer   Producer
	lookup     Lookup
	obs        Observer
	faults     *FaultInjector
	supervisor *supervisor
	prefix     string // of this gateway's actor names
	txs        *registry
	convs      *registry
	requests   requestPool
	sub        *eventstream.Subscription

	inflight atomic.Int64
	waiting  atomic.Int64
	live     atomic.Int64
	stopping atomic.Bool

	base       context.Context // parent of every produce; cancelled at the shutdown deadline
	cancelBase context.CancelFunc
	abort      chan struct{} // closed at the shutdown deadline: callers stop waiting
	drained    chan struct{} // closed when the last actor is gone after shutdown began
	drainOnce  sync.Once
	runOnce    sync.Once
}

// New returns a gateway whose actors live in system. Zero Config fields take
// their defaults; obs may be nil.
func New(system *actor.ActorSystem, cfg Config, p Producer, l Lookup, obs Observer) (*Gateway, error) {
	if system == nil || p == nil || l == nil {
		return nil, fmt.Errorf("%w: actor system, producer and lookup are required", ErrInvalidConfig)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if obs == nil {
		obs = NopObserver{}
	}
	cfg = cfg.withDefaults()
	g := &Gateway{
		system: system, cfg: cfg, producer: p, lookup: l, obs: obs, faults: cfg.Faults,
		supervisor: &supervisor{decide: decideFailure, backoff: cfg.RestartBackoff},
		prefix:     "actors" + system.ProcessRegistry.NextId() + "/",
		abort:      make(chan struct{}), drained: make(chan struct{}),
	}
	g.base, g.cancelBase = context.WithCancel(context.Background())
	g.txs, g.convs = newRegistry(g, KindTransaction), newRegistry(g, KindConversion)
	g.sub = system.EventStream.Subscribe(g.onEvent)
	return g, nil
}

// Live returns the number of live per-id actors.
func (g *Gateway) Live() int { return int(g.live.Load()) }

func (g *Gateway) actorStarted(kind Kind) {
	n := g.live.Add(1)
	g.obs.ActorSpawned(kind)
	g.obs.LiveActors(int(n))
}

func (g *Gateway) actorGone() {
	n := g.live.Add(-1)
	g.obs.LiveActors(int(n))
	if n == 0 && g.stopping.Load() {
		g.drainOnce.Do(func() { close(g.drained) })
	}
}
