package streams_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"

	"github.com/txstream/txstream/internal/poll"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// probeLookup is a Lookup that tells when it was stopped, and whether a
// callback was running then.
type probeLookup struct {
	recovered atomic.Bool
	inCall    *atomic.Bool // set by the callback while it runs
	stopped   atomic.Bool
	duringCB  atomic.Bool // stopped while a callback ran
	fail      chan error  // a value ends Run with it
}

func (l *probeLookup) Run(ctx context.Context) error {
	l.recovered.Store(true)
	select {
	case <-ctx.Done():
	case err := <-l.fail:
		return err
	}
	l.duringCB.Store(l.inCall.Load())
	l.stopped.Store(true)
	return nil
}

func (l *probeLookup) Recovered() bool { return l.recovered.Load() }

// lookupConfig is a config with its topics on a broker of the test's own.
func lookupConfig(t *testing.T) streams.Config {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a broker")
	}
	cfg := testenv.StreamsConfig(t, 1)
	if err := streams.EnsureTopics(cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// lookupProcessor is a processor of cfg's conversions group whose callback
// runs cb on every message of the conversions topic, reading lookup.
func lookupProcessor(t *testing.T, cfg streams.Config, lookup *probeLookup, cb func(goka.Context)) *streams.Processor {
	t.Helper()
	graph := goka.DefineGroup(goka.Group(cfg.Groups.Conversions),
		goka.Input(goka.Stream(cfg.Topics.Conversions), new(codec.Bytes), func(ctx goka.Context, _ any) { cb(ctx) }),
		goka.Persist(new(codec.Bytes)),
	)
	guard := streams.NewTableGuard(cfg, cfg.Groups.Conversions, func([]byte) error { return nil }, streams.Hooks{})
	p, err := streams.NewProcessor(cfg, "probe processor", graph, guard)
	if err != nil {
		t.Fatal(err)
	}
	p.ReadsFrom(lookup)
	return p
}

// TestLookupOutlivesTheCallbacks: a processor stopped while a callback
// runs keeps its Lookup open until the callback has returned, and stops
// it after. goka's own Lookup edge closes its view on the processor's
// context, under the callbacks in flight: a data race in goka v1.1.17.
func TestLookupOutlivesTheCallbacks(t *testing.T) {
	cfg := lookupConfig(t)
	var inCall atomic.Bool
	lookup := &probeLookup{inCall: &inCall}
	entered := make(chan struct{})
	stopping := make(chan struct{})
	p := lookupProcessor(t, cfg, lookup, func(goka.Context) {
		inCall.Store(true)
		defer inCall.Store(false)
		close(entered)
		<-stopping
		// Long enough for a Lookup stopped with the processor's context
		// to be seen stopped; one stopped after the callbacks never is.
		_ = poll.Within(time.Second, 10*time.Millisecond, poll.Holds(lookup.stopped.Load))
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	testenv.ProduceAt(t, cfg.Brokers, cfg.Topics.Conversions, 0, "k", []byte("v"))
	select {
	case <-entered:
	case err := <-done:
		t.Fatalf("processor stopped before the callback ran: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("the callback never ran")
	}
	cancel()
	close(stopping)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if lookup.duringCB.Load() {
		t.Error("the Lookup stopped while a callback ran")
	}
	if !lookup.stopped.Load() {
		t.Error("the Lookup still runs after Run returned")
	}
}

// TestLookupThatStopsStopsTheProcessor: a Lookup that ends on its own
// leaves the callbacks nothing to read, so Run ends with its error, for
// the supervisor to build both again.
func TestLookupThatStopsStopsTheProcessor(t *testing.T) {
	cfg := lookupConfig(t)
	errBroken := errors.New("view broken")
	lookup := &probeLookup{inCall: new(atomic.Bool), fail: make(chan error, 1)}
	p := lookupProcessor(t, cfg, lookup, func(goka.Context) {})
	done := make(chan error, 1)
	go func() { done <- p.Run(t.Context()) }()
	testenv.Eventually(t, 60*time.Second, p.Recovered, "processor recovered")
	lookup.fail <- errBroken
	select {
	case err := <-done:
		if !errors.Is(err, errBroken) {
			t.Fatalf("Run returned %v, want the Lookup's error", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run went on after its Lookup stopped")
	}
}
