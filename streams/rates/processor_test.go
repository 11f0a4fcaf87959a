package rates

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
	t0        = time.Date(2024, 6, 28, 15, 0, 0, 0, time.UTC)
	clockTime = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
)

// testProcessor runs the rates processor on goka's tester until the test
// ends.
type testProcessor struct {
	tt    *tester.Tester
	cfg   streams.Config
	obs   *testenv.CountingObserver
	table goka.Table
}

func startTestProcessor(t *testing.T) *testProcessor {
	t.Helper()
	cfg := testenv.TesterConfig()
	tp := &testProcessor{tt: tester.New(t), cfg: cfg, obs: testenv.NewCountingObserver(), table: streams.Table(cfg.Groups.Rates)}
	o := Options{
		Observer: tp.obs,
		Clock:    func() time.Time { return clockTime },
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	p, err := New(cfg, o, goka.WithTester(tp.tt))
	if err != nil {
		t.Fatalf("new processor: %v", err)
	}
	testenv.RunWithin(t, "processor", 10*time.Second, p.Run)
	// The tester's emitters flush into the processor's session, so wait for
	// it before a test emits; Consume waits by itself.
	tp.tt.Catchup()
	return tp
}

func (tp *testProcessor) consume(key string, r domain.Rate, opts ...tester.EmitOption) {
	tp.tt.Consume(tp.cfg.Topics.Rates, key, &r, opts...)
}

// consumeRaw puts bytes on the rates topic that no codec wrote.
func (tp *testProcessor) consumeRaw(t *testing.T, key string, raw []byte) {
	t.Helper()
	prod, err := tp.tt.ProducerBuilder()(nil, "raw", nil)
	if err != nil {
		t.Fatal(err)
	}
	prod.Emit(tp.cfg.Topics.Rates, key, raw)
	tp.tt.Catchup()
}

func (tp *testProcessor) stored(key string) *domain.Rate {
	v := tp.tt.TableValue(tp.table, key)
	if v == nil {
		return nil
	}
	return v.(*domain.Rate)
}

func rate(code, value, date string, updated time.Time) domain.Rate {
	return domain.Rate{Schema: domain.SchemaVersion, Currency: code, Base: "EUR", Rate: value, Date: date, Source: "ecb", UpdatedAt: updated}
}

func TestStoresCanonicalRate(t *testing.T) {
	tp := startTestProcessor(t)
	in := rate("USD", "1.07050", "2024-06-28", t0)
	in.Base = "" // a writer that leaves the base out means EUR
	tp.consume("USD", in)
	got := tp.stored("USD")
	want := rate("USD", "1.0705", "2024-06-28", t0)
	if got == nil || *got != want {
		t.Fatalf("stored %+v, want %+v", got, want)
	}
	if c := tp.obs.Counts(); c["processed"] != 1 || c["malformed"]+c["duplicate"] != 0 {
		t.Errorf("observer counts %v", c)
	}
}

// TestSupersedeRules feeds USD rates in sequence and checks, after each,
// which one the table holds and whether it counted as a duplicate.
func TestSupersedeRules(t *testing.T) {
	tp := startTestProcessor(t)
	base := rate("USD", "1.0705", "2024-06-28", t0)
	steps := []struct {
		name string
		in   domain.Rate
		want domain.Rate // the stored rate after the step
		dup  bool
	}{
		{"first rate is stored", base, base, false},
		{"the same rate again changes nothing", base, base, true},
		{"an older date is ignored", rate("USD", "1.0696", "2024-06-27", t0.Add(time.Hour)), base, true},
		{"same date, earlier update is ignored", rate("USD", "1.5", "2024-06-28", t0.Add(-time.Minute)), base, true},
		{"same date, later update replaces", rate("USD", "1.0710", "2024-06-28", t0.Add(time.Minute)),
			rate("USD", "1.071", "2024-06-28", t0.Add(time.Minute)), false},
		{"a newer date replaces even with an older update", rate("USD", "1.0713", "2024-07-01", t0.Add(-time.Hour)),
			rate("USD", "1.0713", "2024-07-01", t0.Add(-time.Hour)), false},
		{"the older date again is still ignored", base, rate("USD", "1.0713", "2024-07-01", t0.Add(-time.Hour)), true},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := tp.obs.Counts()["duplicate"]
			tp.consume("USD", s.in)
			if got := tp.stored("USD"); got == nil || *got != s.want {
				t.Fatalf("stored %+v, want %+v", got, s.want)
			}
			if dup := tp.obs.Counts()["duplicate"] > before; dup != s.dup {
				t.Errorf("counted as duplicate: %v, want %v", dup, s.dup)
			}
		})
	}
	if other := tp.stored("JPY"); other != nil {
		t.Errorf("USD rates wrote JPY: %+v", other)
	}
}

// TestUpdatedAtFallbacks: a rate without UpdatedAt is stamped with the
// record's Kafka timestamp, or with the clock when that is missing too.
func TestUpdatedAtFallbacks(t *testing.T) {
	tp := startTestProcessor(t)
	tp.consume("GBP", rate("GBP", "0.84638", "2024-06-28", time.Time{}), tester.WithTime(t0))
	if got := tp.stored("GBP"); got == nil || !got.UpdatedAt.Equal(t0) {
		t.Errorf("with a record timestamp: stored %+v, want UpdatedAt %s", got, t0)
	}
	tp.consume("CHF", rate("CHF", "0.9634", "2024-06-28", time.Time{}))
	if got := tp.stored("CHF"); got == nil || !got.UpdatedAt.Equal(clockTime) {
		t.Errorf("without one: stored %+v, want UpdatedAt %s", got, clockTime)
	}
}

// TestMalformedRatesAreDropped: nothing a Kafka client can write stops the
// processor or reaches the table; each is counted once.
func TestMalformedRatesAreDropped(t *testing.T) {
	tp := startTestProcessor(t)
	good := rate("USD", "1.0705", "2024-06-28", t0)
	tp.consume("USD", good)
	cases := []struct {
		name string
		key  string
		raw  []byte
	}{
		{"not JSON", "USD", []byte("USD=1.07")},
		{"JSON of the wrong shape", "USD", []byte(`["USD", 1.07]`)},
		{"rate as a JSON number", "USD", []byte(`{"currency":"USD","rate":1.2,"date":"2024-06-29"}`)},
		{"schema from the future", "USD", mustJSON(t, func() domain.Rate { r := rate("USD", "2", "2024-06-29", t0); r.Schema = 99; return r }())},
		{"key is not the currency", "USD", mustJSON(t, rate("JPY", "171.94", "2024-06-29", t0))},
		{"base is not EUR", "USD", mustJSON(t, func() domain.Rate { r := rate("USD", "1", "2024-06-29", t0); r.Base = "USD"; return r }())},
		{"rate of the base", "EUR", mustJSON(t, rate("EUR", "1", "2024-06-29", t0))},
		{"not a number", "USD", mustJSON(t, rate("USD", "abc", "2024-06-29", t0))},
		{"zero", "USD", mustJSON(t, rate("USD", "0", "2024-06-29", t0))},
		{"negative", "USD", mustJSON(t, rate("USD", "-1.07", "2024-06-29", t0))},
		{"bad date", "USD", mustJSON(t, rate("USD", "1.08", "29.06.2024", t0))},
		{"unknown currency", "XYZ", mustJSON(t, rate("XYZ", "1.08", "2024-06-29", t0))},
		{"empty value", "USD", []byte{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := tp.obs.Counts()
			tp.consumeRaw(t, tc.key, tc.raw)
			after := tp.obs.Counts()
			if after["malformed"] != before["malformed"]+1 || after["processed"] != before["processed"]+1 {
				t.Errorf("counts went from %v to %v; want one more processed and malformed", before, after)
			}
			if got := tp.stored("USD"); got == nil || *got != good {
				t.Errorf("stored USD %+v, want %+v untouched", got, good)
			}
		})
	}
	for _, key := range []string{"JPY", "EUR", "XYZ"} {
		if got := tp.stored(key); got != nil {
			t.Errorf("%s stored: %+v", key, got)
		}
	}
	// Still running: a valid rate goes through.
	newer := rate("USD", "1.0713", "2024-07-01", t0)
	tp.consume("USD", newer)
	if got := tp.stored("USD"); got == nil || *got != newer {
		t.Errorf("after the bad input: stored %+v, want %+v", got, newer)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPublishSample publishes the shipped sample through the tester's
// emitter and finds every rate in the table.
func TestPublishSample(t *testing.T) {
	tp := startTestProcessor(t)
	em, err := NewEmitter(tp.cfg, goka.WithEmitterTester(tp.tt))
	if err != nil {
		t.Fatalf("emitter: %v", err)
	}
	sample, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	var calls []int
	if err := Publish(context.Background(), em, sample, func(done, total int) {
		if total != len(sample) {
			t.Errorf("progress total %d, want %d", total, len(sample))
		}
		calls = append(calls, done)
	}); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if len(calls) != len(sample) || calls[len(calls)-1] != len(sample) {
		t.Errorf("progress calls %v, want 1..%d", calls, len(sample))
	}
	tp.tt.Catchup()
	for _, r := range sample {
		if got := tp.stored(r.Currency); got == nil || *got != r {
			t.Errorf("%s: stored %+v, want %+v", r.Currency, got, r)
		}
	}
	// Publishing again changes nothing: every rate is a duplicate.
	before := tp.obs.Counts()
	if err := Publish(context.Background(), em, sample, nil); err != nil {
		t.Fatalf("Publish again: %v", err)
	}
	tp.tt.Catchup()
	if got := tp.obs.Counts()["duplicate"] - before["duplicate"]; got != len(sample) {
		t.Errorf("second import: %d duplicates, want %d", got, len(sample))
	}
	if err := em.Finish(); err != nil {
		t.Errorf("finish emitter: %v", err)
	}
}

// TestPublishHistoryLeavesNewest: the importer's order (oldest first) and
// the processor's rule agree, so a 90-day file leaves the newest day.
func TestPublishHistoryLeavesNewest(t *testing.T) {
	tp := startTestProcessor(t)
	em, err := NewEmitter(tp.cfg, goka.WithEmitterTester(tp.tt))
	if err != nil {
		t.Fatalf("emitter: %v", err)
	}
	defer em.Finish()
	if err := Publish(context.Background(), em, parseFile(t, "eurofxref-hist-90d.xml"), nil); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	tp.tt.Catchup()
	for code, want := range map[string]string{"USD": "1.0705", "JPY": "171.94", "GBP": "0.84638"} {
		if got := tp.stored(code); got == nil || got.Rate != want || got.Date != "2024-06-28" {
			t.Errorf("%s: stored %+v, want %s of 2024-06-28", code, got, want)
		}
	}
}

// TestFutureRatesAreRefused: a rate dated more than a day ahead of the
// processor's clock, written by any Kafka client, never reaches the table
// and is counted under its own reason; one dated tomorrow is kept.
func TestFutureRatesAreRefused(t *testing.T) {
	tp := startTestProcessor(t)
	good := rate("USD", "1.0705", "2029-12-31", t0)
	tp.consume("USD", good)
	for _, date := range []string{"9999-12-31", "2030-01-03"} {
		before := tp.obs.Counts()
		tp.consume("USD", rate("USD", "0.0001", date, t0))
		after := tp.obs.Counts()
		if after["refused/future_date"] != before["refused/future_date"]+1 || after["malformed"] != before["malformed"] {
			t.Errorf("%s: counts went from %v to %v; want one more refused/future_date", date, before, after)
		}
		if got := tp.stored("USD"); got == nil || *got != good {
			t.Errorf("%s: stored %+v, want %+v untouched", date, got, good)
		}
	}
	tomorrow := rate("USD", "1.0801", "2030-01-02", t0)
	tp.consume("USD", tomorrow)
	if got := tp.stored("USD"); got == nil || *got != tomorrow {
		t.Errorf("a rate of tomorrow: stored %+v, want %+v", got, tomorrow)
	}
}

// TestStoredFutureRateGivesWay: a future-dated rate already in the table
// (written before this check existed) pins nothing: the next valid rate
// replaces it, whatever its date.
func TestStoredFutureRateGivesWay(t *testing.T) {
	tp := startTestProcessor(t)
	pinned := rate("USD", "0.0001", "9999-12-31", t0)
	tp.tt.SetTableValue(tp.table, "USD", &pinned)
	correction := rate("USD", "1.0705", "2029-12-31", t0)
	tp.consume("USD", correction)
	if got := tp.stored("USD"); got == nil || *got != correction {
		t.Fatalf("stored %+v, want the correction %+v", got, correction)
	}
}

// TestImplausibleRatesAreRefused: a rate outside 1e-6 … 1e9 against EUR,
// written by any Kafka client, never reaches the table and is counted
// under its own reason.
func TestImplausibleRatesAreRefused(t *testing.T) {
	tp := startTestProcessor(t)
	good := rate("USD", "1.0705", "2024-06-28", t0)
	tp.consume("USD", good)
	for _, value := range []string{"1e-19", "0.00000099", "1e17", "1000000000.1"} {
		before := tp.obs.Counts()
		tp.consume("USD", rate("USD", value, "2024-07-01", t0))
		after := tp.obs.Counts()
		if after["refused/implausible_rate"] != before["refused/implausible_rate"]+1 || after["malformed"] != before["malformed"] {
			t.Errorf("%s: counts went from %v to %v; want one more refused/implausible_rate", value, before, after)
		}
		if got := tp.stored("USD"); got == nil || *got != good {
			t.Errorf("%s: stored %+v, want %+v untouched", value, got, good)
		}
	}
}
