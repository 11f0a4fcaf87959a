package metrics

import "github.com/prometheus/client_golang/prometheus"

// NewReady registers txstream_ready, read at scrape time from ready: the
// same answer as /readyz, so that an alert can see a process that stays
// unready without probing it.
func NewReady(reg prometheus.Registerer, ready func() bool) error {
	g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Namespace: Namespace, Name: "ready",
		Help: "1 when the process's views and processors have recovered and /readyz answers 200, else 0.",
	}, func() float64 { return boolValue(ready()) })
	return register(reg, g)
}
