package main

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/metrics"
	"github.com/txstream/txstream/metrics/monitor"
)

// observers are the components' metric hooks, all registered on the
// process's one registry (p.reg), which /metrics serves.
type observers struct {
	streams  *metrics.Streams
	actors   *metrics.Actors
	edge     *metrics.Edge
	producer *metrics.ProducerMetrics
	goka     *metrics.Goka
}

// newObservers registers every family once per process, whatever the
// roles: a family with no samples costs nothing and keeps dashboards
// uniform across processes.
func (p *process) newObservers() error {
	var errs [5]error
	p.obs.streams, errs[0] = metrics.NewStreams(p.reg)
	p.obs.actors, errs[1] = metrics.NewActors(p.reg)
	p.obs.edge, errs[2] = metrics.NewEdge(p.reg)
	p.obs.producer, errs[3] = metrics.NewProducer(p.reg)
	// txstream_ready follows /readyz; the checks are complete before the
	// first scrape, since the servers start after the roles are built.
	errs[4] = metrics.NewReady(p.reg, p.ready)
	return errors.Join(errs[:]...)
}

// processorOptions are the metrics' options for every processor: the
// rebalance counts, and the group's stream series at zero from its build.
func (o *observers) processorOptions() []goka.ProcessorOption {
	return []goka.ProcessorOption{o.goka.RebalanceOption(), o.streams.GroupOption()}
}

// gokaSources are the goka processors and views of the process, read by
// the goka collector at scrape time and shown by goka's web monitor.
type gokaSources struct {
	processors []*goka.Processor
	views      []*goka.View
	tables     map[string]goka.Getter
}

// monitoring builds the goka collector once the brokers are known: it
// reads the consumer lag from them, through a client of its own.
func (p *process) monitoring() error {
	offsets, err := metrics.NewKafkaOffsets(p.sc.Brokers, p.sc.Sarama())
	if err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	p.addBackend("offsets client", offsets.Close)
	if p.obs.goka, err = metrics.NewGoka(p.reg, metrics.GokaOptions{Offsets: offsets}); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	p.goka.tables = map[string]goka.Getter{}
	return nil
}

// monitorView shows a view to the collector and the monitor, and makes its
// table searchable by key in the monitor's query page.
func (p *process) monitorView(name string, v *goka.View) error {
	if err := p.obs.goka.AttachView(name, v); err != nil {
		return err
	}
	p.goka.views = append(p.goka.views, v)
	p.goka.tables[v.Topic()] = v.Get
	return nil
}

// gokaMonitor is goka's web monitor and query UI under /goka/ of the
// metrics address.
func (p *process) gokaMonitor() (http.Handler, error) {
	return monitor.New(gokaMonitorPrefix, monitor.Sources{
		Processors: p.goka.processors,
		Views:      p.goka.views,
		Tables:     p.goka.tables,
		Logger:     gokaLogger{p.log},
	})
}

const gokaMonitorPrefix = "/goka"
