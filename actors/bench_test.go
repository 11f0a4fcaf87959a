package actors

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// nopProducer acknowledges at once, so the benchmarks measure the actor
// layer alone. The one allocation left per round trip is protoactor's: the
// mailbox schedules its run as a method value each time it wakes up.
type nopProducer struct{}

func (nopProducer) ProduceTransaction(context.Context, domain.TransactionRequested) error { return nil }
func (nopProducer) ProduceConversion(context.Context, domain.ConversionRequest) error     { return nil }

func benchGateway(b *testing.B, cfg Config) *Gateway {
	f := newFixture(b, cfg)
	f.g.producer = nopProducer{}
	f.g.obs = NopObserver{}
	return f.g
}

// BenchmarkSubmitReplay is the hot round trip: gateway -> live actor ->
// reply, for an id already accepted (what every duplicate costs).
func BenchmarkSubmitReplay(b *testing.B) {
	g := benchGateway(b, Config{})
	ev := txEvent(b, "bench-1", "10.00")
	ctx := context.Background()
	if _, err := g.SubmitTransaction(ctx, ev); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.SubmitTransaction(ctx, ev); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubmitReplayParallel is the same from many callers on many ids.
func BenchmarkSubmitReplayParallel(b *testing.B) {
	g := benchGateway(b, Config{})
	const ids = 256
	evs := make([]domain.TransactionRequested, ids)
	for i := range evs {
		evs[i] = txEvent(b, "bench-p-"+strconv.Itoa(i), "10.00")
		if _, err := g.SubmitTransaction(context.Background(), evs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := g.SubmitTransaction(context.Background(), evs[i%ids]); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkSubmitNew is a new id each time: spawn, table lookup, produce,
// reply, and the table's change fed back through Observe, as the view does,
// so that the actors passivate behind the benchmark.
func BenchmarkSubmitNew(b *testing.B) {
	g := benchGateway(b, Config{IdleTimeout: 100 * time.Millisecond})
	evs := make([]domain.TransactionRequested, 0, 1024)
	for i := range cap(evs) {
		evs = append(evs, txEvent(b, "bench-n-"+strconv.Itoa(i), "10.00"))
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ev := evs[i%len(evs)]
		ev.ID = ev.ID + "-" + strconv.Itoa(i)
		if _, err := g.SubmitTransaction(ctx, ev); err != nil {
			b.Fatal(err)
		}
		g.Observe(tableTx(ev, domain.StatusReceived, 1))
		i++
	}
}
