package actors

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/txstream/txstream/domain"
)

// errBroker is what memProducer fails with.
var errBroker = errors.New("broker down")

// memProducer records what it produced. It can hold produces until a gate
// opens and fail the next n of them. This is the actor layer's unit-test
// double; the edge's tests run over the embedded Kafka broker.
type memProducer struct {
	mu       sync.Mutex
	txs      []domain.TransactionRequested
	convs    []domain.ConversionRequest
	gate     chan struct{}
	failures int
	entered  atomic.Int64
}

func (p *memProducer) ProduceTransaction(ctx context.Context, ev domain.TransactionRequested) error {
	if err := p.enter(ctx); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.txs = append(p.txs, ev)
	return nil
}

func (p *memProducer) ProduceConversion(ctx context.Context, req domain.ConversionRequest) error {
	if err := p.enter(ctx); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.convs = append(p.convs, req)
	return nil
}

// enter waits for the gate, if any, then takes a failure, if any are left.
func (p *memProducer) enter(ctx context.Context) error {
	p.entered.Add(1)
	p.mu.Lock()
	gate := p.gate
	p.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failures > 0 {
		p.failures--
		return errBroker
	}
	return nil
}

// hold makes produces wait until the returned func is called.
func (p *memProducer) hold() (open func()) {
	gate := make(chan struct{})
	p.mu.Lock()
	p.gate = gate
	p.mu.Unlock()
	return sync.OnceFunc(func() { close(gate) })
}

func (p *memProducer) failNext(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures = n
}

func (p *memProducer) produced() (txs, convs int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.txs), len(p.convs)
}

// memLookup stands in for the goka views.
type memLookup struct {
	mu    sync.Mutex
	txs   map[string]domain.Transaction
	convs map[string]domain.Conversion
	err   error
}

func newMemLookup() *memLookup {
	return &memLookup{txs: map[string]domain.Transaction{}, convs: map[string]domain.Conversion{}}
}

func (l *memLookup) Transaction(id string) (*domain.Transaction, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	tx, ok := l.txs[id]
	if l.err != nil || !ok {
		return nil, l.err
	}
	return &tx, nil
}

func (l *memLookup) Conversion(id string) (*domain.Conversion, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.convs[id]
	if l.err != nil || !ok {
		return nil, l.err
	}
	return &c, nil
}

func (l *memLookup) setTx(tx domain.Transaction) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.txs[tx.ID] = tx
}

func (l *memLookup) setConv(c domain.Conversion) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.convs[c.ID] = c
}

func (l *memLookup) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.err = err
}

// recObserver counts events by name.
type recObserver struct {
	mu     sync.Mutex
	counts map[string]int
}

func newRecObserver() *recObserver { return &recObserver{counts: map[string]int{}} }

func (o *recObserver) inc(key string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.counts[key]++
}

func (o *recObserver) get(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.counts[key]
}

func (o *recObserver) ActorSpawned(k Kind)    { o.inc("spawned/" + string(k)) }
func (o *recObserver) ActorPassivated(k Kind) { o.inc("passivated/" + string(k)) }
func (o *recObserver) LiveActors(int)         {}
func (o *recObserver) InFlight(int)           {}
func (o *recObserver) Submitted(k Kind, outcome string) {
	o.inc("submitted/" + string(k) + "/" + outcome)
}
func (o *recObserver) Judged(verdict string, _ time.Duration) { o.inc("judged/" + verdict) }
func (o *recObserver) Supervised(k Kind, directive, reason string) {
	o.inc("supervised/" + string(k) + "/" + directive + "/" + reason)
}

// fixture is a gateway over the doubles, shut down when the test ends.
type fixture struct {
	g      *Gateway
	prod   *memProducer
	lookup *memLookup
	obs    *recObserver
}

func newFixture(t testing.TB, cfg Config) *fixture {
	t.Helper()
	f := &fixture{prod: &memProducer{}, lookup: newMemLookup(), obs: newRecObserver()}
	g, err := New(quietSystem(), cfg, f.prod, f.lookup, f.obs)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	f.g = g
	t.Cleanup(func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := g.Run(ctx); err != nil && !errors.Is(err, ErrStopping) { // ErrStopping: the test ran it
			t.Errorf("Run: %v", err)
		}
	})
	return f
}

// quietSystem is an actor system that logs nothing.
func quietSystem() *actor.ActorSystem {
	return actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}))
}

func txEvent(t testing.TB, id, amount string) domain.TransactionRequested {
	t.Helper()
	ev, err := domain.NewTransactionRequested(domain.TransactionInput{ID: id, Amount: amount, Currency: "USD"}, time.Now())
	if err != nil {
		t.Fatalf("NewTransactionRequested: %v", err)
	}
	return ev
}

func convRequest(t testing.TB, id, amount string) domain.ConversionRequest {
	t.Helper()
	req, err := domain.NewConversionRequest(domain.ConversionInput{ID: id, Amount: amount, From: "USD", To: "EUR"}, time.Now())
	if err != nil {
		t.Fatalf("NewConversionRequest: %v", err)
	}
	return req
}

// tableTx is the table record the transactions processor would write for ev.
func tableTx(ev domain.TransactionRequested, status domain.Status, version int64) domain.Transaction {
	return domain.Transaction{
		Schema: domain.SchemaVersion, ID: ev.ID, Amount: ev.Amount, Currency: ev.Currency,
		Fingerprint: ev.Fingerprint, Status: status, Version: version,
	}
}

// sentTo returns how many messages the gateway posted to id's live actor.
func (g *Gateway) sentTo(reg *registry, id string) uint64 {
	c := reg.lookup(id)
	if c == nil {
		return 0
	}
	c.shard.mu.Lock()
	defer c.shard.mu.Unlock()
	return c.sent
}
