package statuslog

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

// BenchmarkProcessor measures one status event through the processor on
// goka's tester: decode, fold into the stored log, store and emit the
// table value. A transaction brings three (received, converting,
// completed); ids are new, so the stored log has 0, 1 and 2 entries before
// each. The input values are encoded before the timer starts. cpu-ns/op is
// the CPU time of the whole process (tester and garbage collector
// included), steadier than ns/op on a shared machine.
func BenchmarkProcessor(b *testing.B) {
	cfg := streams.DefaultConfig()
	tt := tester.New(b)
	o := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	// The production storage (LevelDB in memory): goka's memory storage,
	// which the tester would use, re-sorts its keys at every new key.
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
	prod, err := tt.ProducerBuilder()(nil, "bench", nil)
	if err != nil {
		b.Fatal(err)
	}
	table := tt.NewQueueTracker(string(streams.Table(cfg.Groups.StatusLog)))
	keys, values := benchStatusEvents(b, b.N)
	measure(b, func(i int) {
		prod.Emit(cfg.Topics.Statuses, keys[i], values[i])
		tt.Catchup()
	})
	n := 0
	for {
		if _, _, ok := table.Next(); !ok {
			break
		}
		n++
	}
	if n != b.N {
		b.Fatalf("%d table writes, want %d", n, b.N)
	}
}

// benchStatusEvents encodes the status events of n/3 transactions, in
// order: received, converting, completed.
func benchStatusEvents(b *testing.B, n int) (keys []string, values [][]byte) {
	codec := streams.JSON[domain.StatusEvent]{}
	statuses := []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted}
	for i := range n {
		id := fmt.Sprintf("bench-%d", i/3)
		v := int64(i%3 + 1)
		ev := domain.StatusEvent{
			Schema: domain.SchemaVersion, TransactionID: id,
			StatusChange: domain.StatusChange{Version: v, Status: statuses[v-1], At: t0.Add(time.Duration(i) * time.Millisecond)},
		}
		data, err := codec.Encode(&ev)
		if err != nil {
			b.Fatal(err)
		}
		keys, values = append(keys, id), append(values, data)
	}
	return keys, values
}

// BenchmarkHandler measures the processor's own work for one status event,
// without goka, Kafka or LevelDB: the input decoded with the graph's codec,
// the stored log read through the table codec, the event folded in and the
// new log encoded, as goka's Context does around the callback. The same
// three events per transaction as BenchmarkProcessor.
func BenchmarkHandler(b *testing.B) {
	cfg := streams.DefaultConfig()
	o := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}.WithDefaults()
	g := Graph(cfg, o)
	h := handler{group: cfg.Groups.StatusLog, topic: cfg.Topics.Statuses, o: o}
	ctx := &benchContext{table: map[string][]byte{}, codec: g.GroupTable().Codec()}
	input := g.InputStreams()[0].Codec()
	keys, values := benchStatusEvents(b, b.N)
	measure(b, func(i int) {
		msg, err := input.Decode(values[i])
		if err != nil {
			b.Fatal(err)
		}
		ctx.key = keys[i]
		h.process(ctx, msg)
	})
	last, err := streams.JSON[domain.StatusLog]{}.Decode(ctx.table[keys[b.N-1]])
	if err != nil || len(last.(*domain.StatusLog).Entries) != (b.N-1)%3+1 {
		b.Fatalf("last log %+v, %v", last, err)
	}
}

// benchContext is what the handler uses of goka.Context, over a map and
// the group table's codec; anything else panics on the nil Context.
type benchContext struct {
	gokaContext
	key   string
	table map[string][]byte
	codec goka.Codec
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
