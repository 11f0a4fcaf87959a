package transactions

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

// benchAt is the benchmarks' clock; requests are received a second earlier.
var benchAt = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func benchOptions() Options {
	return Options{Clock: func() time.Time { return benchAt }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// benchRequests encodes n requests as the edge writes them: a conversion
// (USD to EUR) with a little metadata, the realistic costly case.
func benchRequests(b *testing.B, n int) (keys []string, values [][]byte) {
	codec := streams.JSON[domain.TransactionRequested]{}
	for i := range n {
		id := fmt.Sprintf("bench-%d", i)
		ev, err := domain.NewTransactionRequested(domain.TransactionInput{
			ID: id, Amount: "10.50", Currency: "USD", TargetCurrency: "EUR",
			Metadata: []byte(fmt.Sprintf(`{"channel":"web","customer":"c-%d"}`, i)),
		}, benchAt.Add(-time.Second))
		if err != nil {
			b.Fatal(err)
		}
		data, err := codec.Encode(&ev)
		if err != nil {
			b.Fatal(err)
		}
		keys, values = append(keys, id), append(values, data)
	}
	return keys, values
}

// benchResults encodes the completed conversion of each request, as the
// conversions processor writes it.
func benchResults(b *testing.B, keys []string) [][]byte {
	codec := streams.JSON[domain.Conversion]{}
	values := make([][]byte, len(keys))
	for i, id := range keys {
		req := conversionOf(domain.Transaction{ID: id, Amount: "10.50", Currency: "USD", TargetCurrency: "EUR"})
		res := domain.Conversion{
			Schema: domain.SchemaVersion, ID: req.ID, TransactionID: req.TransactionID, Status: domain.StatusCompleted,
			Amount: req.Amount, From: req.From, To: req.To, ConvertedValue: "9.81", Rate: "1.0705",
			RateDate: "2024-06-28", RateSource: "ecb", Rounding: domain.RoundingHalfEven,
			Fingerprint: req.Fingerprint, RequestedAt: benchAt, ConvertedAt: benchAt,
		}
		data, err := codec.Encode(&res)
		if err != nil {
			b.Fatal(err)
		}
		values[i] = data
	}
	return values
}

// BenchmarkProcessor measures one input message through the processor on
// goka's tester: request is a new transaction that needs a conversion, with
// metadata (the table write, two status events and the conversion request
// out); result is the completed conversion of such a transaction (table
// read and write, one status event out). The production storage (LevelDB
// in memory) replaces goka's memory storage, which re-sorts its keys at
// every new key; inputs are encoded before the timer starts and fed through
// a raw producer. cpu-ns/op is the CPU time of the whole process (tester
// and garbage collector included), steadier than ns/op on a shared machine.
func BenchmarkProcessor(b *testing.B) {
	b.Run("request", func(b *testing.B) {
		bp := startBench(b)
		keys, values := benchRequests(b, b.N)
		measure(b, func(i int) { bp.send(bp.cfg.Topics.Transactions, keys[i], values[i]) })
		bp.check(keys[b.N-1], domain.StatusConverting)
	})
	b.Run("result", func(b *testing.B) {
		bp := startBench(b)
		keys, values := benchRequests(b, b.N)
		for i := range b.N {
			bp.send(bp.cfg.Topics.Transactions, keys[i], values[i])
		}
		results := benchResults(b, keys)
		measure(b, func(i int) { bp.send(bp.cfg.Topics.ConversionResults, keys[i], results[i]) })
		bp.check(keys[b.N-1], domain.StatusCompleted)
	})
}

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

type benchProcessor struct {
	b    *testing.B
	tt   *tester.Tester
	cfg  streams.Config
	prod goka.Producer
}

func startBench(b *testing.B) *benchProcessor {
	b.Helper()
	cfg := streams.DefaultConfig()
	tt := tester.New(b)
	p, err := New(cfg, benchOptions(), goka.WithTester(tt), goka.WithStorageBuilder(cfg.StorageBuilder("bench")))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("run: %v", err)
		}
	})
	tt.Catchup()
	prod, err := tt.ProducerBuilder()(nil, "bench", nil)
	if err != nil {
		b.Fatal(err)
	}
	return &benchProcessor{b: b, tt: tt, cfg: cfg, prod: prod}
}

func (bp *benchProcessor) send(topic, key string, value []byte) {
	bp.prod.Emit(topic, key, value)
	bp.tt.Catchup()
}

// check reads the table's topic for the last value of id.
func (bp *benchProcessor) check(id string, want domain.Status) {
	bp.b.Helper()
	tracker := bp.tt.NewQueueTracker(string(streams.Table(bp.cfg.Groups.Transactions)))
	tracker.Seek(0)
	var last *domain.Transaction
	for {
		key, v, ok := tracker.Next()
		if !ok {
			break
		}
		if key == id {
			last = v.(*domain.Transaction)
		}
	}
	if last == nil || last.Status != want {
		bp.b.Fatalf("%s: %+v, want %s", id, last, want)
	}
}

// BenchmarkHandler measures the processor's own work for the same messages
// as BenchmarkProcessor, without goka, Kafka or LevelDB: the input decoded
// with the graph's codec, the stored transaction read and the new one
// written through the table codec, the outputs encoded with theirs, as
// goka's Context does around the callback.
func BenchmarkHandler(b *testing.B) {
	cfg := streams.DefaultConfig()
	o := benchOptions().WithDefaults()
	g := Graph(cfg, o)
	h := &handler{group: cfg.Groups.Transactions, topics: cfg.Topics, opts: o}
	newContext := func() *benchContext {
		ctx := &benchContext{table: map[string][]byte{}, codec: g.GroupTable().Codec(), outputs: map[string]goka.Codec{}}
		for _, out := range g.OutputStreams() {
			ctx.outputs[out.Topic()] = out.Codec()
		}
		return ctx
	}
	inputs := map[string]goka.Codec{}
	for _, in := range g.InputStreams() {
		inputs[in.Topic()] = in.Codec()
	}
	deliver := func(ctx *benchContext, topic, key string, value []byte, cb goka.ProcessCallback) {
		msg, err := inputs[topic].Decode(value)
		if err != nil {
			b.Fatal(err)
		}
		ctx.key = key
		cb(ctx, msg)
	}
	b.Run("request", func(b *testing.B) {
		ctx := newContext()
		keys, values := benchRequests(b, b.N)
		measure(b, func(i int) { deliver(ctx, cfg.Topics.Transactions, keys[i], values[i], h.request) })
		if ctx.emits != 3*b.N {
			b.Fatalf("%d emits, want %d", ctx.emits, 3*b.N)
		}
	})
	b.Run("result", func(b *testing.B) {
		ctx := newContext()
		keys, values := benchRequests(b, b.N)
		for i := range b.N {
			deliver(ctx, cfg.Topics.Transactions, keys[i], values[i], h.request)
		}
		results := benchResults(b, keys)
		ctx.emits = 0
		measure(b, func(i int) { deliver(ctx, cfg.Topics.ConversionResults, keys[i], results[i], h.result) })
		if ctx.emits != b.N {
			b.Fatalf("%d emits, want %d", ctx.emits, b.N)
		}
	})
}

// benchContext is what the handler uses of goka.Context, over a map and
// the graph's codecs; anything else panics on the nil interface.
type benchContext struct {
	gokaContext
	key     string
	table   map[string][]byte
	codec   goka.Codec
	outputs map[string]goka.Codec
	emits   int
}

// gokaContext names the embedded interface, whose field could not be
// called Context beside its method Context.
type gokaContext = goka.Context

func (c *benchContext) Key() string { return c.key }

func (c *benchContext) Value() any {
	data := c.table[c.key]
	if data == nil {
		return nil
	}
	v, err := c.codec.Decode(data)
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

func (c *benchContext) Emit(topic goka.Stream, _ string, value any, _ ...goka.ContextOption) {
	if _, err := c.outputs[string(topic)].Encode(value); err != nil {
		panic(err)
	}
	c.emits++
}
