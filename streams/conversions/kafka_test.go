package conversions

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/rates"
)

// TestOverKafka runs the rates and conversions processors against a
// Kafka-protocol broker (KAFKA_BROKERS, else the embedded one): the sample
// is imported, and conversions read it through the Lookup on the rates
// table.
func TestOverKafka(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	cfg := testenv.StreamsConfig(t, 2)
	if err := streams.EnsureTopics(cfg); err != nil {
		t.Fatalf("ensure topics: %v", err)
	}
	rp, cp, convs := newOverKafka(t, cfg)
	runUntilCleanup(t, rp.Run)
	runUntilCleanup(t, cp.Run)
	runUntilCleanup(t, convs.Run)
	testenv.Eventually(t, 60*time.Second, func() bool {
		return rp.Recovered() && cp.Recovered() && convs.Recovered()
	}, "processors and view recovered")

	publishSample(t, cfg)
	producer, err := streams.NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer producer.Close()
	// A conversion that arrives before the rate is in the table fails
	// no_rate for good (its id is spent), so wait with fresh ids until one
	// sees the sample.
	attempt := 0
	testenv.Eventually(t, 60*time.Second, func() bool {
		attempt++
		c := convertOver(t, producer, convs, standalone(t, fmt.Sprintf("warmup-%d", attempt), "100", "EUR", "USD"))
		return c.Status == domain.StatusCompleted
	}, "a conversion sees the imported USD rate")

	t.Logf("%d conversion attempt(s) before the imported rates were visible", attempt)

	// 10 × 171.94 ÷ 1.0705 = 1606.1653...: → 1606 yen
	got := convertOver(t, producer, convs, standalone(t, "over-kafka", "10.00", "USD", "JPY"))
	if got.Status != domain.StatusCompleted || got.ConvertedValue != "1606" || got.RateSource != rates.SampleSource {
		t.Errorf("USD→JPY over Kafka: %+v", got)
	}
}

// newOverKafka builds, on cfg's brokers, a rates processor, a conversions
// processor and a view of the conversions table, logging nothing.
func newOverKafka(t *testing.T, cfg streams.Config) (*rates.Processor, *Processor, *streams.TableView[domain.Conversion]) {
	t.Helper()
	rp := newRatesProcessor(t, cfg)
	cp, err := New(cfg, Options{Hooks: streams.Hooks{Logger: quietLogger}})
	if err != nil {
		t.Fatal(err)
	}
	convs, err := streams.NewTableView[domain.Conversion](cfg, cfg.Groups.Conversions, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rp, cp, convs
}

// newRatesProcessor builds a rates processor on cfg's brokers.
func newRatesProcessor(t *testing.T, cfg streams.Config) *rates.Processor {
	t.Helper()
	rp, err := rates.New(cfg, rates.Options{Logger: quietLogger})
	if err != nil {
		t.Fatal(err)
	}
	return rp
}

var quietLogger = slog.New(slog.NewTextHandler(io.Discard, nil))

func publishSample(t *testing.T, cfg streams.Config) {
	t.Helper()
	em, err := rates.NewEmitter(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer em.Finish()
	sample, err := rates.Sample()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := rates.Publish(ctx, em, sample, nil); err != nil {
		t.Fatalf("publish sample: %v", err)
	}
}

// convertOver produces req and waits for its conversion record.
func convertOver(t *testing.T, p *streams.Producer, convs *streams.TableView[domain.Conversion], req domain.ConversionRequest) domain.Conversion {
	t.Helper()
	if err := p.ProduceConversion(context.Background(), req); err != nil {
		t.Fatalf("produce %s: %v", req.ID, err)
	}
	var got *domain.Conversion
	testenv.Eventually(t, 30*time.Second, func() bool {
		got, _ = convs.Get(req.ID)
		return got != nil
	}, "conversion %s stored", req.ID)
	return *got
}
