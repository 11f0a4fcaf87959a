package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/streams/webhooks"
)

// deliveryBuckets span a webhook's life: an attempt on a local receiver
// (milliseconds) to a message delivered after the retry schedule's later
// delays (hours).
var deliveryBuckets = []float64{0.005, 0.025, 0.1, 0.5, 1, 5, 30, 60, 300, 1800, 7200, 36000, 86400}

// Webhooks holds the webhook families; it is the webhooks group's
// webhooks.Observer.
type Webhooks struct {
	attempts   *prometheus.CounterVec
	attemptDur *prometheus.HistogramVec
	deliveries *prometheus.CounterVec
	latency    prometheus.Histogram
	pending    prometheus.Gauge
}

// NewWebhooks registers the webhook families on reg, every label value at
// zero.
func NewWebhooks(reg prometheus.Registerer) (*Webhooks, error) {
	m := &Webhooks{
		attempts: counterVec("webhook_attempts_total",
			"HTTP attempts of webhook messages, by result (success, http_error, timeout, refused by the SSRF guard, error).", "result"),
		attemptDur: histogramVec("webhook_attempt_duration_seconds",
			"Time of one webhook HTTP attempt, connection included, by result.", latencyBuckets, "result"),
		deliveries: counterVec("webhook_deliveries_total",
			"Webhook attempt outcomes applied to the table, by outcome: delivered, retried (another attempt scheduled), "+
				"failed (the last attempt failed; dead-lettered), dropped (the endpoint was deleted).", "outcome"),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: Namespace, Name: "webhook_delivery_latency_seconds",
			Help: "Time from a status change to its webhook's recorded delivery, retries included.", Buckets: deliveryBuckets}),
		pending: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: "webhook_pending_messages",
			Help: "Webhook messages not yet settled in the partitions this process's webhooks group member owns."}),
	}
	if err := register(reg, m.attempts, m.attemptDur, m.deliveries, m.latency, m.pending); err != nil {
		return nil, err
	}
	if err := atZero(m.attempts.MetricVec, webhooks.Results); err != nil {
		return nil, err
	}
	if err := atZero(m.attemptDur.MetricVec, webhooks.Results); err != nil {
		return nil, err
	}
	return m, atZero(m.deliveries.MetricVec, webhooks.Outcomes)
}

// Attempted counts one HTTP attempt.
func (m *Webhooks) Attempted(result string, d time.Duration) {
	m.attempts.WithLabelValues(result).Inc()
	m.attemptDur.WithLabelValues(result).Observe(d.Seconds())
}

// Settled counts one applied outcome; a delivery's latency is observed.
func (m *Webhooks) Settled(outcome string, latency time.Duration) {
	m.deliveries.WithLabelValues(outcome).Inc()
	if outcome == webhooks.OutcomeDelivered {
		m.latency.Observe(latency.Seconds())
	}
}

// Pending sets the pending messages gauge.
func (m *Webhooks) Pending(n int) { m.pending.Set(float64(n)) }
