package main

import (
	"errors"

	"github.com/txstream/txstream/metrics"
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
	var errs [6]error
	p.obs.streams, errs[0] = metrics.NewStreams(p.reg)
	p.obs.actors, errs[1] = metrics.NewActors(p.reg)
	p.obs.edge, errs[2] = metrics.NewEdge(p.reg)
	p.obs.producer, errs[3] = metrics.NewProducer(p.reg)
	// txstream_ready follows /readyz; the checks are complete before the
	// first scrape, since the servers start after the roles are built.
	errs[4] = metrics.NewReady(p.reg, p.ready)
	// The goka collector counts rebalances through the processors'
	// options; its per-partition families need the goka processors and
	// views, which the streams packages do not expose (yet).
	p.obs.goka, errs[5] = metrics.NewGoka(p.reg, metrics.GokaOptions{})
	return errors.Join(errs[:]...)
}
