package statuslog

import (
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
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
	cfg := testenv.TesterConfig()
	o := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	tt, prod := testenv.OnTester(b, cfg, func(opts ...goka.ProcessorOption) (*Processor, error) { return New(cfg, o, opts...) })
	table := tt.NewQueueTracker(string(streams.Table(cfg.Groups.StatusLog)))
	keys, values := benchStatusEvents(b, b.N)
	testenv.Measure(b, func(i int) {
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
	cfg := testenv.TesterConfig()
	o := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}.WithDefaults()
	g := Graph(cfg, o)
	h := newHandler(cfg, o)
	ctx := testenv.NewGokaContext(b, g)
	process := h.process
	keys, values := benchStatusEvents(b, b.N)
	testenv.Measure(b, func(i int) { ctx.Deliver(cfg.Topics.Statuses, keys[i], values[i], process) })
	last, err := streams.JSON[domain.StatusLog]{}.Decode(ctx.Stored(keys[b.N-1]))
	if err != nil || len(last.(*domain.StatusLog).Entries) != (b.N-1)%3+1 {
		b.Fatalf("last log %+v, %v", last, err)
	}
}
