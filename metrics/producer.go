package metrics

import (
	"context"
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Producer is the method set of *streams.Producer that the edge and the
// actors use (actors.Producer, edge.RateSetter).
type Producer interface {
	ProduceTransaction(ctx context.Context, ev domain.TransactionRequested) error
	ProduceConversion(ctx context.Context, req domain.ConversionRequest) error
	SetRate(ctx context.Context, r domain.Rate) error
}

// Causes of a failed produce, the cause label of
// txstream_producer_records_failed_total.
const (
	causeTimeout  = "timeout"  // the caller's deadline passed before the ack
	causeCanceled = "canceled" // the caller gave up
	causeError    = "error"    // the producer or the brokers refused the record
)

// ProducerMetrics holds the producer families; Wrap instruments producers
// with them.
type ProducerMetrics struct {
	sent    *prometheus.CounterVec
	acked   *prometheus.CounterVec
	failed  *prometheus.CounterVec
	unknown *prometheus.CounterVec
	ack     *prometheus.HistogramVec
}

// NewProducer registers the producer families on reg.
func NewProducer(reg prometheus.Registerer) (*ProducerMetrics, error) {
	m := &ProducerMetrics{
		sent: counterVec("producer_records_sent_total",
			"Records handed to the producer, by topic.", "topic"),
		acked: counterVec("producer_records_acknowledged_total",
			"Records the brokers acknowledged (acks=all), by topic.", "topic"),
		failed: counterVec("producer_records_failed_total",
			"Records not acknowledged, by topic and cause (timeout, canceled, error).", "topic", "cause"),
		unknown: counterVec("producer_records_outcome_unknown_total",
			"Records not acknowledged that may have been written: the produce ended without the brokers' answer "+
				"(a subset of producer_records_failed_total; the rest surely were not written), by topic.", "topic"),
		ack: histogramVec("producer_ack_duration_seconds",
			"Time from handing a record to the producer to the brokers' answer, acknowledged or not, by topic.",
			latencyBuckets, "topic"),
	}
	if err := register(reg, m.sent, m.acked, m.failed, m.unknown, m.ack); err != nil {
		return nil, err
	}
	return m, nil
}

// Wrap returns inner instrumented: the same method set, each call counted
// under the topic it writes. The series of those topics exist from then on,
// at zero.
func (m *ProducerMetrics) Wrap(inner Producer, topics streams.Topics) *InstrumentedProducer {
	return &InstrumentedProducer{inner: inner,
		transactions: m.topic(topics.Transactions),
		conversions:  m.topic(topics.Conversions),
		rates:        m.topic(topics.Rates),
	}
}

// causes are the values of the cause label.
var causes = []string{causeTimeout, causeCanceled, causeError}

// topicSeries are the series of one topic, looked up once: a lookup by
// label values hashes them, three times per produce otherwise.
type topicSeries struct {
	sent, acked, unknown prometheus.Counter
	ack                  prometheus.Observer
	failed               map[string]prometheus.Counter // by cause
}

// topic creates the topic's series, at zero.
func (m *ProducerMetrics) topic(topic string) *topicSeries {
	ts := &topicSeries{
		sent:    m.sent.WithLabelValues(topic),
		acked:   m.acked.WithLabelValues(topic),
		unknown: m.unknown.WithLabelValues(topic),
		ack:     m.ack.WithLabelValues(topic),
		failed:  make(map[string]prometheus.Counter, len(causes)),
	}
	for _, c := range causes {
		ts.failed[c] = m.failed.WithLabelValues(topic, c)
	}
	return ts
}

// InstrumentedProducer decorates a Producer with the producer families. It
// implements Producer, so it satisfies actors.Producer and edge.RateSetter.
type InstrumentedProducer struct {
	inner                            Producer
	transactions, conversions, rates *topicSeries
}

var _ Producer = (*InstrumentedProducer)(nil)

// ProduceTransaction writes ev through the inner producer.
func (p *InstrumentedProducer) ProduceTransaction(ctx context.Context, ev domain.TransactionRequested) error {
	return p.transactions.observe(ctx, func() error { return p.inner.ProduceTransaction(ctx, ev) })
}

// ProduceConversion writes req through the inner producer.
func (p *InstrumentedProducer) ProduceConversion(ctx context.Context, req domain.ConversionRequest) error {
	return p.conversions.observe(ctx, func() error { return p.inner.ProduceConversion(ctx, req) })
}

// SetRate writes r through the inner producer.
func (p *InstrumentedProducer) SetRate(ctx context.Context, r domain.Rate) error {
	return p.rates.observe(ctx, func() error { return p.inner.SetRate(ctx, r) })
}

// observe counts and times one produce; the error passes through untouched.
func (ts *topicSeries) observe(ctx context.Context, produce func() error) error {
	ts.sent.Inc()
	start := time.Now()
	err := produce()
	ts.ack.Observe(time.Since(start).Seconds())
	if err != nil {
		ts.failed[failureCause(ctx, err)].Inc()
		if errors.Is(err, streams.ErrOutcomeUnknown) {
			ts.unknown.Inc()
		}
		return err
	}
	ts.acked.Inc()
	return nil
}

// failureCause tells a caller's deadline from a refusal by the brokers.
func failureCause(ctx context.Context, err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return causeTimeout
	case errors.Is(err, context.Canceled) || errors.Is(ctx.Err(), context.Canceled):
		return causeCanceled
	default:
		return causeError
	}
}
