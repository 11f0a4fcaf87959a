package conversions

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/rates"
)

// TestWithRatesProcessor runs the rates and conversions processors on one
// tester: rates published by the importer reach conversions through the
// rates table, and a newer rate changes new conversions only.
func TestWithRatesProcessor(t *testing.T) {
	cfg := testenv.TesterConfig()
	tt := tester.New(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	clock := func() time.Time { return convertedAt }
	rp, err := rates.New(cfg, rates.Options{Clock: clock, Logger: quiet}, goka.WithTester(tt))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := New(cfg, Options{Hooks: streams.Hooks{Clock: clock, Logger: quiet}, View: []goka.ViewOption{goka.WithViewTester(tt)}},
		goka.WithTester(tt))
	if err != nil {
		t.Fatal(err)
	}
	runUntilCleanup(t, rp.Run)
	runUntilCleanup(t, cp.Run)
	tt.Catchup()
	if !rp.Recovered() || !cp.Recovered() {
		t.Errorf("recovered: rates %v, conversions %v; want both", rp.Recovered(), cp.Recovered())
	}

	em, err := rates.NewEmitter(cfg, goka.WithEmitterTester(tt))
	if err != nil {
		t.Fatal(err)
	}
	defer em.Finish()
	sample, err := rates.Sample()
	if err != nil {
		t.Fatal(err)
	}
	if err := rates.Publish(context.Background(), em, sample, nil); err != nil {
		t.Fatalf("publish sample: %v", err)
	}

	convert := func(id string) *domain.Conversion {
		req := standalone(t, id, "100", "EUR", "USD")
		tt.Consume(cfg.Topics.Conversions, id, &req)
		v, _ := tt.TableValue(streams.Table(cfg.Groups.Conversions), id).(*domain.Conversion)
		return v
	}
	// 100 × 1.0705 (the sample's USD) = 107.05
	first := convert("with-sample")
	if first == nil || first.ConvertedValue != "107.05" || first.RateDate != "2024-06-28" || first.RateSource != rates.SampleSource {
		t.Fatalf("with the sample: %+v", first)
	}

	newer, err := domain.NewRate("USD", "1.0713", "2024-07-01", "ecb", convertedAt)
	if err != nil {
		t.Fatal(err)
	}
	if err := rates.Publish(context.Background(), em, []domain.Rate{newer}, nil); err != nil {
		t.Fatalf("publish newer rate: %v", err)
	}
	// 100 × 1.0713 = 107.13
	if second := convert("with-newer"); second == nil || second.ConvertedValue != "107.13" || second.RateDate != "2024-07-01" {
		t.Errorf("with the newer rate: %+v", second)
	}
	if again, _ := tt.TableValue(streams.Table(cfg.Groups.Conversions), "with-sample").(*domain.Conversion); again == nil || !reflect.DeepEqual(*again, *first) {
		t.Errorf("the first conversion changed: %+v, was %+v", again, first)
	}
}
