package transactions

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
// metadata (the table write and the conversion request out; the status
// log reads the table's changelog, DESIGN.md); result is the completed
// conversion of such a transaction (table read and write, nothing out). The production storage (LevelDB
// in memory) replaces goka's memory storage, which re-sorts its keys at
// every new key; inputs are encoded before the timer starts and fed through
// a raw producer. cpu-ns/op is the CPU time of the whole process (tester
// and garbage collector included), steadier than ns/op on a shared machine.
func BenchmarkProcessor(b *testing.B) {
	b.Run("request", func(b *testing.B) {
		bp := startBench(b)
		keys, values := benchRequests(b, b.N)
		testenv.Measure(b, func(i int) { bp.send(bp.cfg.Topics.Transactions, keys[i], values[i]) })
		bp.check(keys[b.N-1], domain.StatusConverting)
	})
	b.Run("result", func(b *testing.B) {
		bp := startBench(b)
		keys, values := benchRequests(b, b.N)
		for i := range b.N {
			bp.send(bp.cfg.Topics.Transactions, keys[i], values[i])
		}
		results := benchResults(b, keys)
		testenv.Measure(b, func(i int) { bp.send(bp.cfg.Topics.ConversionResults, keys[i], results[i]) })
		bp.check(keys[b.N-1], domain.StatusCompleted)
	})
}

type benchProcessor struct {
	b    *testing.B
	tt   *tester.Tester
	cfg  streams.Config
	prod goka.Producer
}

func startBench(b *testing.B) *benchProcessor {
	b.Helper()
	cfg := testenv.TesterConfig()
	tt, prod := testenv.OnTester(b, cfg, func(_ *tester.Tester, opts ...goka.ProcessorOption) (*Processor, error) {
		return New(cfg, benchOptions(), opts...)
	})
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
	cfg := testenv.TesterConfig()
	o := benchOptions().WithDefaults()
	g := Graph(cfg, o)
	h := newHandler(cfg, o)
	b.Run("request", func(b *testing.B) {
		ctx := testenv.NewGokaContext(b, g)
		keys, values := benchRequests(b, b.N)
		testenv.Measure(b, func(i int) { ctx.Deliver(cfg.Topics.Transactions, keys[i], values[i], h.request) })
		// One conversion request each; the status changes are the table's.
		if ctx.Emits != b.N {
			b.Fatalf("%d emits, want %d", ctx.Emits, b.N)
		}
		storedStatus(b, ctx, keys[b.N-1], domain.StatusConverting)
	})
	b.Run("result", func(b *testing.B) {
		ctx := testenv.NewGokaContext(b, g)
		keys, values := benchRequests(b, b.N)
		for i := range b.N {
			ctx.Deliver(cfg.Topics.Transactions, keys[i], values[i], h.request)
		}
		results := benchResults(b, keys)
		ctx.Emits = 0
		testenv.Measure(b, func(i int) { ctx.Deliver(cfg.Topics.ConversionResults, keys[i], results[i], h.result) })
		if ctx.Emits != 0 {
			b.Fatalf("%d emits, want none: a result only changes the table", ctx.Emits)
		}
		storedStatus(b, ctx, keys[b.N-1], domain.StatusCompleted)
	})
}

// storedStatus fails b unless the group table holds id with status want.
func storedStatus(b *testing.B, ctx *testenv.GokaContext, id string, want domain.Status) {
	b.Helper()
	v, err := streams.TableCodec[domain.Transaction]{}.Decode(ctx.Stored(id))
	if tx, _ := v.(*domain.Transaction); err != nil || tx == nil || tx.Status != want {
		b.Fatalf("%s stored as %+v (%v), want %s", id, v, err, want)
	}
}
