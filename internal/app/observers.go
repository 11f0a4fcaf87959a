package app

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/lovoo/goka"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/internal/app/admin"
	"github.com/txstream/txstream/metrics"
	"github.com/txstream/txstream/metrics/monitor"
)

// observers are the components' metric hooks, all registered on the
// process's one registry, which /metrics serves.
type observers struct {
	streams  *metrics.Streams
	actors   *metrics.Actors
	edge     *metrics.Edge
	events   *metrics.EventStreams
	producer *metrics.ProducerMetrics
	goka     *metrics.Goka
	webhooks *metrics.Webhooks
}

// newObservers registers every family once per process, whatever the
// roles: a family with no samples costs nothing and keeps dashboards
// uniform across processes. The goka collector reads the consumer lag
// from the brokers through offsets. txstream_ready is registered with
// the readiness, once it is known (newApp).
func newObservers(reg *prometheus.Registry, offsets *metrics.KafkaOffsets) (observers, error) {
	var o observers
	var errs [7]error
	o.streams, errs[0] = metrics.NewStreams(reg)
	o.actors, errs[1] = metrics.NewActors(reg)
	o.edge, errs[2] = metrics.NewEdge(reg)
	o.producer, errs[3] = metrics.NewProducer(reg)
	o.goka, errs[4] = metrics.NewGoka(reg, metrics.GokaOptions{Offsets: offsets})
	o.events, errs[5] = metrics.NewEventStreams(reg)
	o.webhooks, errs[6] = metrics.NewWebhooks(reg)
	if err := errors.Join(errs[:]...); err != nil {
		return observers{}, fmt.Errorf("metrics: %w", err)
	}
	return o, nil
}

// processorOptions are the metrics' options for every processor: the
// rebalance counts, and the group's stream series at zero from its build.
func (o observers) processorOptions() []goka.ProcessorOption {
	return []goka.ProcessorOption{o.goka.RebalanceOption(), o.streams.GroupOption()}
}

// attachViews shows the views to the goka collector.
func (o observers) attachViews(vs []view) error {
	for _, v := range vs {
		if err := o.goka.AttachView(v.monitor, v.goka); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}
	return nil
}

// newGokaMonitor is goka's web monitor and query UI under /goka/, over the
// processors and views of the graph; each view's table is searchable by
// key in the monitor's query page.
func newGokaMonitor(g *graph, d deps) (http.Handler, error) {
	s := monitor.Sources{Tables: map[string]goka.Getter{}, Logger: gokaLogger{d.log}}
	if g.processors != nil {
		s.Processors = g.processors.Processors()
	}
	for _, v := range g.views.views() {
		s.Views = append(s.Views, v.goka)
		s.Tables[v.goka.Topic()] = v.goka.Get
	}
	h, err := monitor.New(admin.MonitorPrefix, s)
	if err != nil {
		return nil, fmt.Errorf("goka monitor: %w", err)
	}
	return h, nil
}
