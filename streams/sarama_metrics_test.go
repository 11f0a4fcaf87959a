package streams

import (
	"testing"

	metrics "github.com/rcrowley/go-metrics"
)

// TestSaramaMetricsDoNothing: the registry of the sarama clients hands out
// go-metrics' metrics that do nothing, for the calls sarama makes, and
// keeps nothing.
func TestSaramaMetricsDoNothing(t *testing.T) {
	reg := Config{}.Sarama().MetricRegistry
	if _, ok := reg.(nilMetrics); !ok {
		t.Fatalf("sarama's registry is %T, want nilMetrics", reg)
	}
	for name, got := range map[string]any{
		"histogram": metrics.GetOrRegisterHistogram("request-latency-in-ms", reg, metrics.NewExpDecaySample(1028, 0.015)),
		"meter":     metrics.GetOrRegisterMeter("incoming-byte-rate", reg),
		"counter":   metrics.GetOrRegisterCounter("requests-in-flight", reg),
		"timer":     metrics.GetOrRegisterTimer("t", reg),
		"gauge":     metrics.GetOrRegisterGauge("g", reg),
	} {
		switch got.(type) {
		case metrics.NilHistogram, metrics.NilMeter, metrics.NilCounter, metrics.NilTimer, metrics.NilGauge:
		default:
			t.Errorf("%s: %T, want go-metrics' nil %s", name, got, name)
		}
	}
	if all := reg.GetAll(); len(all) != 0 {
		t.Errorf("the registry keeps %d metrics", len(all))
	}
	// A constructor of another kind is called, as the standard registry does.
	built := false
	if got := reg.GetOrRegister("ewma", func() metrics.EWMA { built = true; return metrics.NilEWMA{} }); !built || got != (metrics.NilEWMA{}) {
		t.Errorf("a constructor of another kind: built %v, got %T", built, got)
	}
	// A metric passed as a value, not a constructor, is what it is.
	if got := reg.GetOrRegister("ewma", metrics.NilEWMA{}); got != (metrics.NilEWMA{}) {
		t.Errorf("a metric value came back as %T", got)
	}
}
