package metrics

import (
	"fmt"
	"slices"

	"github.com/prometheus/client_golang/prometheus"
)

// counterVec builds a txstream_ counter family.
func counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: name, Help: help}, labels)
}

// gaugeVec builds a txstream_ gauge family.
func gaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	return prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: Namespace, Name: name, Help: help}, labels)
}

// histogramVec builds a txstream_ histogram family with explicit buckets.
func histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: Namespace, Name: name, Help: help, Buckets: buckets,
	}, labels)
}

// latencyBuckets span what txstream waits for: a Redis hit (sub-millisecond)
// to a long poll (?wait, up to tens of seconds).
var latencyBuckets = []float64{
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
}

// atZero creates the series of every combination of the label values,
// one list per label in order, at zero: a family with a known, bounded
// label set is exported from the start, so that a dashboard shows 0, not
// "No data", and rate() sees the first event.
func atZero(v *prometheus.MetricVec, values ...[]string) error {
	for _, lvs := range combinations(values) {
		if _, err := v.GetMetricWithLabelValues(lvs...); err != nil {
			return fmt.Errorf("%w: %w", ErrLabelValues, err)
		}
	}
	return nil
}

// combinations returns the cartesian product of the lists.
func combinations(lists [][]string) [][]string {
	out := [][]string{nil}
	for _, list := range lists {
		var next [][]string
		for _, prefix := range out {
			for _, v := range list {
				next = append(next, append(slices.Clone(prefix), v))
			}
		}
		out = next
	}
	return out
}
