package streams

import (
	"reflect"

	metrics "github.com/rcrowley/go-metrics"
)

// nilMetrics is the go-metrics registry of every sarama client txstream
// builds: it hands out metrics that do nothing. sarama records each
// request's size and latency and each broker's byte rates in go-metrics
// histograms (a locked, exponentially decaying reservoir per update) and
// meters (each with a ticking goroutine), about 3 % of the dev process's
// CPU at 250 tx/s, and nothing reads them: txstream's Kafka metrics come
// from goka's stats, kprom and the brokers' offsets. sarama's own switch,
// go-metrics' UseNilMetrics, is a package variable that every user of
// go-metrics in the process shares; the registry is per client.
type nilMetrics struct{}

var _ metrics.Registry = nilMetrics{}

func (nilMetrics) Each(func(string, any))            {}
func (nilMetrics) Get(string) any                    { return nil }
func (nilMetrics) GetAll() map[string]map[string]any { return nil }
func (nilMetrics) Register(string, any) error        { return nil }
func (nilMetrics) RunHealthchecks()                  {}
func (nilMetrics) Unregister(string)                 {}
func (nilMetrics) UnregisterAll()                    {}

// GetOrRegister returns the metric that does nothing of the kind that i,
// a metric or a constructor of one (sarama passes constructors, on every
// request), is; a constructor of a kind go-metrics has no such metric for
// is called, as the standard registry would.
func (nilMetrics) GetOrRegister(_ string, i any) any {
	switch newMetric := i.(type) {
	case func() metrics.Counter:
		return metrics.NilCounter{}
	case func() metrics.Gauge:
		return metrics.NilGauge{}
	case func() metrics.GaugeFloat64:
		return metrics.NilGaugeFloat64{}
	case func() metrics.Histogram:
		return metrics.NilHistogram{}
	case func() metrics.Meter:
		return metrics.NilMeter{}
	case func() metrics.Timer:
		return metrics.NilTimer{}
	default:
		if v := reflect.ValueOf(newMetric); v.Kind() == reflect.Func && v.Type().NumIn() == 0 && v.Type().NumOut() == 1 {
			return v.Call(nil)[0].Interface()
		}
		return i
	}
}
