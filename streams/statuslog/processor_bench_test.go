package statuslog

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

// BenchmarkProcessor measures one transactions-table record through the
// processor on goka's tester: decode, fold its history into the stored log,
// store and emit the table value. A converted transaction brings two (at
// converting with two changes, at completed with three); ids are new, so
// the stored log has 0 and 2 entries before each. Until session 6 the input
// was one status event per change, three per transaction (BENCHMARKS.md,
// "Session 6: the status log fed from the transactions table"). The input values are encoded before the timer starts. cpu-ns/op is
// the CPU time of the whole process (tester and garbage collector
// included), steadier than ns/op on a shared machine.
func BenchmarkProcessor(b *testing.B) {
	cfg := testenv.TesterConfig()
	o := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	tt, prod := testenv.OnTester(b, cfg, func(_ *tester.Tester, opts ...goka.ProcessorOption) (*Processor, error) { return New(cfg, o, opts...) })
	table := tt.NewQueueTracker(string(streams.Table(cfg.Groups.StatusLog)))
	keys, values := benchRecords(b, b.N)
	input := string(streams.Table(cfg.Groups.Transactions))
	testenv.Measure(b, func(i int) {
		prod.Emit(input, keys[i], values[i])
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

// benchRecords encodes the transactions-table records of n/2 converted
// transactions, in order: converting (received and converting in the
// history), completed (all three), with what the transactions processor
// writes besides (amount, metadata, the conversion).
func benchRecords(b *testing.B, n int) (keys []string, values [][]byte) {
	codec := streams.JSON[domain.Transaction]{}
	for i := range n {
		id := fmt.Sprintf("bench-%d", i/2)
		at := t0.Add(time.Duration(i) * time.Millisecond)
		tx := domain.Transaction{
			Schema: domain.SchemaVersion, ID: id, Amount: "10.50", Currency: "USD", TargetCurrency: "EUR",
			Metadata: []byte(`{"order":"A-1001","channel":"web"}`), Fingerprint: "0123456789abcdef0123456789abcdef",
			CreatedAt: at, UpdatedAt: at,
			History: []domain.StatusChange{{Version: 1, Status: domain.StatusReceived, At: at}, {Version: 2, Status: domain.StatusConverting, At: at}},
		}
		if i%2 == 1 {
			tx.Conversion = &domain.Conversion{TransactionID: id, Status: domain.StatusCompleted, ConvertedValue: "9.66", Rate: "0.92"}
			tx.History = append(tx.History, domain.StatusChange{Version: 3, Status: domain.StatusCompleted, At: at})
		}
		last := tx.History[len(tx.History)-1]
		tx.Version, tx.Status = last.Version, last.Status
		data, err := codec.Encode(&tx)
		if err != nil {
			b.Fatal(err)
		}
		keys, values = append(keys, id), append(values, data)
	}
	return keys, values
}

// BenchmarkHandler measures the processor's own work for one table record,
// without goka, Kafka or LevelDB: the input decoded with the graph's codec,
// the stored log read through the table codec, the history folded in and
// the new log encoded, as goka's Context does around the callback. The same
// two records per transaction as BenchmarkProcessor.
func BenchmarkHandler(b *testing.B) {
	cfg := testenv.TesterConfig()
	o := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}.WithDefaults()
	g := Graph(cfg, o)
	h := newHandler(cfg, o)
	ctx := testenv.NewGokaContext(b, g)
	process := h.process
	keys, values := benchRecords(b, b.N)
	input := string(streams.Table(cfg.Groups.Transactions))
	testenv.Measure(b, func(i int) { ctx.Deliver(input, keys[i], values[i], process) })
	last, err := streams.JSON[domain.StatusLog]{}.Decode(ctx.Stored(keys[b.N-1]))
	if err != nil || len(last.(*domain.StatusLog).Entries) != (b.N-1)%2+2 {
		b.Fatalf("last log %+v, %v", last, err)
	}
}
