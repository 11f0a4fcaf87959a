package conversions

import (
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestBadTableRecordsAreAbsent is finding 3 of issue 12: "USD:{not json"
// written to the rates table put the conversions processor into a restart
// loop (its Lookup could not decode the rate), and GET /rates failed. A
// table value nobody can read is absent to every reader: the Lookup, the
// processor's own table, the views.
func TestBadTableRecordsAreAbsent(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	cfg := testenv.StreamsConfig(t, 2)
	rp, cp, convs := newOverKafka(t, cfg)
	rateView, err := streams.NewTableView[domain.Rate](cfg, cfg.Groups.Rates, nil)
	if err != nil {
		t.Fatal(err)
	}
	stopRates := testenv.RunWithin(t, "first rates processor", 10*time.Second, rp.Run)
	stopFirst := testenv.RunWithin(t, "first conversions processor", 10*time.Second, cp.Run)
	runUntilCleanup(t, convs.Run)
	runUntilCleanup(t, rateView.Run)
	testenv.Eventually(t, 60*time.Second, func() bool {
		return rp.Recovered() && cp.Recovered() && convs.Recovered() && rateView.Recovered()
	}, "processors and views recovered")
	producer, err := streams.NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer producer.Close()

	// The processor's own table: a conversion id whose stored value is
	// garbage is converted as a new one by a processor that recovered it.
	const mangled = "conv-mangled"
	testenv.ProduceAt(t, cfg.Brokers, string(streams.Table(cfg.Groups.Conversions)),
		streams.PartitionOf([]byte(mangled), int32(cfg.Partitions)), mangled, []byte("{not json"))
	stopFirst()
	cp, err = New(cfg, Options{Hooks: streams.Hooks{Logger: quietLogger}})
	if err != nil {
		t.Fatal(err)
	}
	runUntilCleanup(t, cp.Run)
	testenv.Eventually(t, 60*time.Second, cp.Recovered, "second conversions processor recovered")
	if got := convertOver(t, producer, convs, standalone(t, mangled, "10.00", "EUR", "EUR")); got.Status != domain.StatusCompleted {
		t.Errorf("conversion over a garbage table value: %+v", got)
	}

	// The Lookup: a garbage USD rate is no rate.
	testenv.ProduceAt(t, cfg.Brokers, string(streams.Table(cfg.Groups.Rates)), 0, "USD", []byte("{not json"))
	attempt := 0
	testenv.Eventually(t, 60*time.Second, func() bool {
		attempt++
		c := convertOver(t, producer, convs, standalone(t, fmt.Sprintf("after-bad-rate-%d", attempt), "100", "EUR", "USD"))
		return c.Status == domain.StatusFailed && c.Reason == domain.ReasonNoRate
	}, "a conversion to USD fails no_rate")

	// The views: the edge's GET /rates reads the rates table through one.
	testenv.Eventually(t, 30*time.Second, func() bool {
		r, err := rateView.Get("USD")
		return err == nil && r == nil
	}, "the rates view has no USD rate, and no error")
	if err := rateView.Each(func(string, *domain.Rate) error { return nil }); err != nil {
		t.Errorf("rates view Each: %v", err)
	}

	// Their owners dead-letter them when they recover them: the second
	// conversions processor did, a new rates processor does.
	stopRates()
	runUntilCleanup(t, newRatesProcessor(t, cfg).Run)
	want := map[string]string{
		mangled: string(streams.Table(cfg.Groups.Conversions)),
		"USD":   string(streams.Table(cfg.Groups.Rates)),
	}
	letters := testenv.ConsumeUntil(t, cfg.Brokers, cfg.Topics.DeadLetter, 60*time.Second, func(recs []*kgo.Record) bool {
		return len(badTableValues(recs)) == len(want)
	})
	if got := badTableValues(letters); !maps.Equal(got, want) {
		t.Errorf("bad table values dead-lettered: %v, want %v", got, want)
	}
}

// badTableValues maps the keys of the bad_table_value dead letters among
// recs to their source topics.
func badTableValues(recs []*kgo.Record) map[string]string {
	out := map[string]string{}
	for _, r := range recs {
		if string(testenv.Header(r, streams.HeaderDLQReason)) == string(streams.ReasonBadTableValue) && string(r.Value) == "{not json" {
			out[string(r.Key)] = string(testenv.Header(r, streams.HeaderDLQTopic))
		}
	}
	return out
}
