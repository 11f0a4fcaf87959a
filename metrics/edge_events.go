package metrics

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/edge"
)

// EventStreams turns the event streams' hooks into their families. It
// implements edge.StreamObserver; one value serves every service.
type EventStreams struct {
	open  *prometheus.GaugeVec
	sent  *prometheus.CounterVec
	cut   *prometheus.CounterVec
	route vocab
}

var _ edge.StreamObserver = (*EventStreams)(nil)

// NewEventStreams registers the event stream families on reg, with a
// series at zero for each stream route.
func NewEventStreams(reg prometheus.Registerer) (*EventStreams, error) {
	var routes []string
	for _, r := range edge.EventRoutes() {
		routes = append(routes, r.Route)
	}
	e := &EventStreams{
		open: gaugeVec("http_event_streams_open",
			"Server-sent event streams open now, by service and route.", "service", "route"),
		sent: counterVec("http_events_sent_total",
			"Server-sent events written to clients, by service and route.", "service", "route"),
		cut: counterVec("http_event_streams_cut_total",
			"Event streams cut off because a write waited longer than --event-write-timeout (slow readers), by service and route.", "service", "route"),
		route: vocabulary(routes...),
	}
	var errs []error
	for _, r := range edge.EventRoutes() {
		for _, v := range []*prometheus.MetricVec{e.open.MetricVec, e.sent.MetricVec, e.cut.MetricVec} {
			errs = append(errs, atZero(v, []string{string(r.Service)}, []string{r.Route}))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if err := register(reg, e.open, e.sent, e.cut); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *EventStreams) labels(service edge.Service, route string) (string, string) {
	return services.label(string(service)), e.route.label(route)
}

// StreamOpen moves the open-streams gauge by delta.
func (e *EventStreams) StreamOpen(service edge.Service, route string, delta int) {
	e.open.WithLabelValues(e.labels(service, route)).Add(float64(delta))
}

// EventsSent counts n events written.
func (e *EventStreams) EventsSent(service edge.Service, route string, n int) {
	e.sent.WithLabelValues(e.labels(service, route)).Add(float64(n))
}

// StreamCut counts a stream cut off as a slow reader.
func (e *EventStreams) StreamCut(service edge.Service, route string) {
	e.cut.WithLabelValues(e.labels(service, route)).Inc()
}
