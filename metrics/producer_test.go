package metrics

import (
	"context"
	"errors"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// fakeProducer answers every call with err, after checking that the
// decorator passed the record through unchanged.
type fakeProducer struct {
	err   error
	calls []string
}

func (f *fakeProducer) ProduceTransaction(_ context.Context, ev domain.TransactionRequested) error {
	f.calls = append(f.calls, "tx:"+ev.ID)
	return f.err
}

func (f *fakeProducer) ProduceConversion(_ context.Context, req domain.ConversionRequest) error {
	f.calls = append(f.calls, "conv:"+req.ID)
	return f.err
}

func (f *fakeProducer) SetRate(_ context.Context, r domain.Rate) error {
	f.calls = append(f.calls, "rate:"+r.Currency)
	return f.err
}

func TestInstrumentedProducerCountsOutcomesPerTopic(t *testing.T) {
	topics := streams.DefaultConfig().Topics
	brokerDown := errors.New("kafka: brokers unreachable")
	notWritten := &streams.ProduceError{Err: context.DeadlineExceeded}
	onTheWire := &streams.ProduceError{Unknown: true, Err: context.DeadlineExceeded}
	tests := []struct {
		name    string
		err     error
		ctx     func() (context.Context, context.CancelFunc)
		acked   float64
		failed  float64
		cause   string
		unknown float64
		produce func(p *InstrumentedProducer, ctx context.Context) error
		topic   string
	}{
		{"acknowledged transaction", nil, background, 1, 0, "", 0, produceTx, topics.Transactions},
		{"acknowledged conversion", nil, background, 1, 0, "", 0, produceConv, topics.Conversions},
		{"acknowledged rate", nil, background, 1, 0, "", 0, produceRate, topics.Rates},
		{"broker refusal", brokerDown, background, 0, 1, causeError, 0, produceTx, topics.Transactions},
		{"deadline", context.DeadlineExceeded, expired, 0, 1, causeTimeout, 0, produceConv, topics.Conversions},
		{"caller gave up", context.Canceled, canceled, 0, 1, causeCanceled, 0, produceRate, topics.Rates},
		{"deadline, never sent", notWritten, expired, 0, 1, causeTimeout, 0, produceTx, topics.Transactions},
		{"deadline, on the wire", onTheWire, expired, 0, 1, causeTimeout, 1, produceTx, topics.Transactions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			m, err := NewProducer(reg)
			if err != nil {
				t.Fatal(err)
			}
			inner := &fakeProducer{err: tt.err}
			p := m.Wrap(inner, topics)
			ctx, cancel := tt.ctx()
			defer cancel()
			if err := tt.produce(p, ctx); !errors.Is(err, tt.err) {
				t.Fatalf("produce returned %v, want %v passed through", err, tt.err)
			}
			if len(inner.calls) != 1 {
				t.Fatalf("inner producer called %v, want once", inner.calls)
			}
			topic := map[string]string{"topic": tt.topic}
			if got := sample(t, reg, "txstream_producer_records_sent_total", topic); got != 1 {
				t.Errorf("sent = %v, want 1", got)
			}
			if got := sample(t, reg, "txstream_producer_ack_duration_seconds", topic); got != 1 {
				t.Errorf("ack observations = %v, want 1", got)
			}
			if tt.acked > 0 {
				if got := sample(t, reg, "txstream_producer_records_acknowledged_total", topic); got != tt.acked {
					t.Errorf("acknowledged = %v, want %v", got, tt.acked)
				}
			}
			if tt.failed > 0 {
				labels := map[string]string{"topic": tt.topic, "cause": tt.cause}
				if got := sample(t, reg, "txstream_producer_records_failed_total", labels); got != tt.failed {
					t.Errorf("failed%v = %v, want %v", labels, got, tt.failed)
				}
				if got := total(t, reg, "txstream_producer_records_outcome_unknown_total", topic); got != tt.unknown {
					t.Errorf("outcome unknown = %v, want %v", got, tt.unknown)
				}
			}
		})
	}
}

func background() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

func expired() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 0)
}

func canceled() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx, cancel
}

func produceTx(p *InstrumentedProducer, ctx context.Context) error {
	return p.ProduceTransaction(ctx, domain.TransactionRequested{ID: "t1"})
}

func produceConv(p *InstrumentedProducer, ctx context.Context) error {
	return p.ProduceConversion(ctx, domain.ConversionRequest{ID: "c1"})
}

func produceRate(p *InstrumentedProducer, ctx context.Context) error {
	return p.SetRate(ctx, domain.Rate{Currency: "USD"})
}
