package conversions

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// BenchmarkProcessor measures one conversion request of a transaction
// (USD to EUR, the rate read from the rates table) through the processor on
// goka's tester: validate, convert, write the table and emit the result.
// The production storage (LevelDB in memory) replaces goka's memory
// storage, which re-sorts its keys at every new key; the requests are
// encoded before the timer starts and fed through a raw producer.
// cpu-ns/op is the CPU time of the whole process (tester and garbage
// collector included), steadier than ns/op on a shared machine.
func BenchmarkProcessor(b *testing.B) {
	cfg := testenv.TesterConfig()
	o := Options{Hooks: streams.Hooks{Clock: func() time.Time { return convertedAt }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	tt, prod := testenv.OnTester(b, cfg, func(tt *tester.Tester, opts ...goka.ProcessorOption) (*Processor, error) {
		o.View = []goka.ViewOption{goka.WithViewTester(tt)}
		return New(cfg, o, opts...)
	})
	usd := domain.Rate{Schema: domain.SchemaVersion, Currency: "USD", Base: "EUR", Rate: "1.0705", Date: "2024-06-28", Source: "ecb", UpdatedAt: requestedAt}
	tt.Consume(string(streams.Table(cfg.Groups.Rates)), "USD", &usd)
	results := tt.NewQueueTracker(cfg.Topics.ConversionResults)
	waitForRate(b, tt, prod, cfg, results)
	keys, values := benchRequests(b, b.N)
	testenv.Measure(b, func(i int) {
		prod.Emit(cfg.Topics.Conversions, keys[i], values[i])
		tt.Catchup()
	})
	n := 0
	for {
		_, v, ok := results.Next()
		if !ok {
			break
		}
		if c := v.(*domain.Conversion); c.Status != domain.StatusCompleted {
			b.Fatalf("result %+v, want completed", c)
		}
		n++
	}
	if n != b.N {
		b.Fatalf("%d results, want %d", n, b.N)
	}
}

// waitForRate converts until the processor's Lookup of the rates table has
// the rate the tester put in it (the Lookup's view reads the table on its
// own goroutine), and drains the results of those conversions.
func waitForRate(b *testing.B, tt *tester.Tester, prod goka.Producer, cfg streams.Config, results *tester.QueueTracker) {
	b.Helper()
	codec := streams.JSON[domain.ConversionRequest]{}
	for i := range 1000 {
		req := linked(fmt.Sprintf("warm-up-%d", i), "10.50", "USD", "EUR")
		data, err := codec.Encode(&req)
		if err != nil {
			b.Fatal(err)
		}
		prod.Emit(cfg.Topics.Conversions, req.ID, data)
		tt.Catchup()
		_, v, ok := results.Next()
		if ok && v.(*domain.Conversion).Status == domain.StatusCompleted {
			return
		}
	}
	b.Fatal("the rate never reached the processor")
}

// benchRequests encodes the conversion requests of n transactions.
func benchRequests(b *testing.B, n int) (keys []string, values [][]byte) {
	codec := streams.JSON[domain.ConversionRequest]{}
	for i := range n {
		req := linked(fmt.Sprintf("bench-%d", i), "10.50", "USD", "EUR")
		data, err := codec.Encode(&req)
		if err != nil {
			b.Fatal(err)
		}
		keys, values = append(keys, req.ID), append(values, data)
	}
	return keys, values
}

// BenchmarkHandler measures the processor's own work for the same requests,
// without goka, Kafka or LevelDB: the input decoded with the graph's codec,
// the rate read from a table of encoded rates and the table and result
// encoded through the graph's codecs, as goka's Context does around the
// callback.
func BenchmarkHandler(b *testing.B) {
	cfg := testenv.TesterConfig()
	o := Options{Hooks: streams.Hooks{Clock: func() time.Time { return convertedAt }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}.WithDefaults()
	usd := domain.Rate{Schema: domain.SchemaVersion, Currency: "USD", Base: "EUR", Rate: "1.0705", Date: "2024-06-28", Source: "ecb", UpdatedAt: requestedAt}
	rates := rateMap{"USD": &usd}
	g := Graph(cfg, o, rates)
	h := newHandler(cfg, o, rates)
	ctx := testenv.NewGokaContext(b, g)
	process := h.process
	keys, values := benchRequests(b, b.N)
	testenv.Measure(b, func(i int) { ctx.Deliver(cfg.Topics.Conversions, keys[i], values[i], process) })
	if ctx.Emits != b.N {
		b.Fatalf("%d results, want %d", ctx.Emits, b.N)
	}
}
