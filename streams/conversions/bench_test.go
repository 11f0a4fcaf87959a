package conversions

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"syscall"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"

	"github.com/txstream/txstream/domain"
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
	cfg := streams.DefaultConfig()
	tt := tester.New(b)
	o := Options{Clock: func() time.Time { return convertedAt }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	p, err := New(cfg, o, goka.WithTester(tt), goka.WithStorageBuilder(cfg.StorageBuilder("bench")))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("run: %v", err)
		}
	}()
	tt.Catchup()
	usd := domain.Rate{Schema: domain.SchemaVersion, Currency: "USD", Base: "EUR", Rate: "1.0705", Date: "2024-06-28", Source: "ecb", UpdatedAt: requestedAt}
	tt.Consume(string(streams.Table(cfg.Groups.Rates)), "USD", &usd)
	prod, err := tt.ProducerBuilder()(nil, "bench", nil)
	if err != nil {
		b.Fatal(err)
	}
	results := tt.NewQueueTracker(cfg.Topics.ConversionResults)
	waitForRate(b, tt, prod, cfg, results)
	keys, values := benchRequests(b, b.N)
	measure(b, func(i int) {
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
	cfg := streams.DefaultConfig()
	o := Options{Clock: func() time.Time { return convertedAt }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}.WithDefaults()
	g := Graph(cfg, o)
	h := handler{group: cfg.Groups.Conversions, topic: cfg.Topics.Conversions, results: goka.Stream(cfg.Topics.ConversionResults), rates: streams.Table(cfg.Groups.Rates), o: o}
	ctx := &benchContext{table: map[string][]byte{}, codec: g.GroupTable().Codec(), results: g.OutputStreams()[0].Codec(),
		rates: map[string][]byte{}, ratesCodec: g.LookupTables()[0].Codec()}
	usd := domain.Rate{Schema: domain.SchemaVersion, Currency: "USD", Base: "EUR", Rate: "1.0705", Date: "2024-06-28", Source: "ecb", UpdatedAt: requestedAt}
	data, err := ctx.ratesCodec.Encode(&usd)
	if err != nil {
		b.Fatal(err)
	}
	ctx.rates["USD"] = data
	input := g.InputStreams()[0].Codec()
	keys, values := benchRequests(b, b.N)
	measure(b, func(i int) {
		msg, err := input.Decode(values[i])
		if err != nil {
			b.Fatal(err)
		}
		ctx.key = keys[i]
		h.process(ctx, msg)
	})
	if ctx.emits != b.N {
		b.Fatalf("%d results, want %d", ctx.emits, b.N)
	}
}

// benchContext is what the handler uses of goka.Context, over maps and the
// graph's codecs; anything else panics on the nil interface.
type benchContext struct {
	gokaContext
	key               string
	table, rates      map[string][]byte
	codec, ratesCodec goka.Codec
	results           goka.Codec
	emits             int
}

// gokaContext names the embedded interface, whose field could not be
// called Context beside its method Context.
type gokaContext = goka.Context

func (c *benchContext) Key() string { return c.key }

func (c *benchContext) Value() any { return decodeFrom(c.table, c.key, c.codec) }

func (c *benchContext) Lookup(_ goka.Table, key string) any {
	return decodeFrom(c.rates, key, c.ratesCodec)
}

func decodeFrom(m map[string][]byte, key string, codec goka.Codec) any {
	data := m[key]
	if data == nil {
		return nil
	}
	v, err := codec.Decode(data)
	if err != nil {
		panic(err)
	}
	return v
}

func (c *benchContext) SetValue(value any, _ ...goka.ContextOption) {
	data, err := c.codec.Encode(value)
	if err != nil {
		panic(err)
	}
	c.table[c.key] = data
}

func (c *benchContext) Emit(_ goka.Stream, _ string, value any, _ ...goka.ContextOption) {
	if _, err := c.results.Encode(value); err != nil {
		panic(err)
	}
	c.emits++
}

func (c *benchContext) Fail(err error) { panic(err) }

// measure runs op b.N times and reports, besides ns/op, the process's CPU
// time per op.
func measure(b *testing.B, op func(i int)) {
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := range b.N {
		op(i)
	}
	cpu := cpuTime() - start
	b.StopTimer()
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
