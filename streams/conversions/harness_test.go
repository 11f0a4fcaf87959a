package conversions

import (
	"context"
	"encoding/json"
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

var (
	requestedAt = time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
	convertedAt = time.Date(2024, 7, 1, 9, 0, 1, 0, time.UTC)
)

// testProcessor runs the conversions processor on goka's tester until the
// test ends, with the rates table filled directly.
type testProcessor struct {
	tt      *tester.Tester
	cfg     streams.Config
	obs     *testenv.CountingObserver
	table   goka.Table
	results *tester.QueueTracker
}

func startTestProcessor(t *testing.T) *testProcessor {
	t.Helper()
	return startAgedProcessor(t, 0)
}

// startAgedProcessor is startTestProcessor with a maximum rate age.
func startAgedProcessor(t *testing.T, maxRateAge time.Duration) *testProcessor {
	t.Helper()
	cfg := testenv.TesterConfig()
	tt := tester.New(t)
	tp := &testProcessor{tt: tt, cfg: cfg, obs: testenv.NewCountingObserver(), table: streams.Table(cfg.Groups.Conversions)}
	o := Options{
		Hooks: streams.Hooks{
			Observer: tp.obs,
			Clock:    func() time.Time { return convertedAt },
			Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		},
		MaxRateAge: maxRateAge,
	}
	o.View = []goka.ViewOption{goka.WithViewTester(tt)}
	p, err := New(cfg, o, goka.WithTester(tt))
	if err != nil {
		t.Fatalf("new processor: %v", err)
	}
	runUntilCleanup(t, p.Run)
	tt.Catchup()
	tp.results = tt.NewQueueTracker(cfg.Topics.ConversionResults)
	return tp
}

// runUntilCleanup runs run until the test ends, then checks it stopped.
func runUntilCleanup(t *testing.T, run func(context.Context) error) {
	t.Helper()
	testenv.RunWithin(t, "processor", 10*time.Second, run)
}

// setRates puts rates in the rates table, as the rates processor would.
func (tp *testProcessor) setRates(date string, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		r := domain.Rate{Schema: domain.SchemaVersion, Currency: pairs[i], Base: "EUR", Rate: pairs[i+1], Date: date, Source: "ecb", UpdatedAt: requestedAt}
		tp.tt.SetTableValue(streams.Table(tp.cfg.Groups.Rates), pairs[i], &r)
	}
}

func (tp *testProcessor) consume(req domain.ConversionRequest) {
	tp.tt.Consume(tp.cfg.Topics.Conversions, req.ID, &req)
}

// consumeRaw puts bytes on the conversion topic that no codec wrote.
func (tp *testProcessor) consumeRaw(t *testing.T, key string, raw []byte) {
	t.Helper()
	prod, err := tp.tt.ProducerBuilder()(nil, "raw", nil)
	if err != nil {
		t.Fatal(err)
	}
	prod.Emit(tp.cfg.Topics.Conversions, key, raw)
	tp.tt.Catchup()
}

func (tp *testProcessor) stored(id string) *domain.Conversion {
	v := tp.tt.TableValue(tp.table, id)
	if v == nil {
		return nil
	}
	return v.(*domain.Conversion)
}

// emitted returns the results emitted since the last call, by key.
func (tp *testProcessor) emitted(t *testing.T) map[string][]domain.Conversion {
	t.Helper()
	out := map[string][]domain.Conversion{}
	for {
		key, v, ok := tp.results.Next()
		if !ok {
			return out
		}
		out[key] = append(out[key], *v.(*domain.Conversion))
	}
}

// delta runs f and returns how the observer counts changed.
func (tp *testProcessor) delta(f func()) map[string]int {
	before := tp.obs.Counts()
	f()
	after := tp.obs.Counts()
	for k := range after {
		after[k] -= before[k]
		if after[k] == 0 {
			delete(after, k)
		}
	}
	return after
}

// standalone is a request as POST /convert makes it.
func standalone(t *testing.T, id, amount, from, to string) domain.ConversionRequest {
	req, err := domain.NewConversionRequest(domain.ConversionInput{ID: id, Amount: amount, From: from, To: to}, requestedAt)
	if err != nil {
		panic("test request refused: " + err.Error()) // t may be nil in case tables
	}
	return req
}

// unchecked is a standalone request that skipped the edge's validation, as
// another Kafka client could write it.
func unchecked(id, amount, from, to string) domain.ConversionRequest {
	return domain.ConversionRequest{Schema: domain.SchemaVersion, ID: id, Amount: amount, From: from, To: to, Fingerprint: "client-made", RequestedAt: requestedAt}
}

// linked is a request as the transactions processor makes it.
func linked(txID, amount, from, to string) domain.ConversionRequest {
	tx := domain.Transaction{ID: txID, Amount: amount, Currency: from, TargetCurrency: to}
	return domain.ConversionFor(tx, requestedAt)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
