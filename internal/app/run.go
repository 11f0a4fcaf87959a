package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/internal/app/stage"
	"github.com/txstream/txstream/streams"
)

// plan puts every component in its shutdown stage (shutdownStages).
func (a *App) plan(g *graph, f frontParts, b backends) map[string][]stage.Component {
	byStage := g.components()
	byStage[stageFront] = append(byStage[stageFront], a.watcher())
	for _, s := range f.services {
		byStage[stageFront] = append(byStage[stageFront], s.component())
	}
	if f.admin != nil {
		byStage[stageFront] = append(byStage[stageFront], stage.Component{Name: "metrics server", Run: f.admin.Run})
	}
	if f.console != nil {
		byStage[stageFront] = append(byStage[stageFront], stage.Component{Name: "console sampler", Run: f.console.Run})
	}
	byStage[stageBackends] = append(byStage[stageBackends], b.components()...)
	byStage[stageBackends] = append(byStage[stageBackends], a.guard.watchers()...)
	return byStage
}

// runner runs the components of plan, stopping them in shutdownStages
// order within the whole shutdown deadline.
func runner(plan map[string][]stage.Component, deadline time.Duration, log *slog.Logger) *stage.Runner {
	r := stage.New(deadline, log)
	for _, s := range shutdownStages {
		r.Stage(plan[s.name]...)
	}
	return r
}

// Run runs the process until ctx ends or a component fails, then stops it
// stage by stage (shutdownStages) and prints a last line.
func (a *App) Run(ctx context.Context) error {
	err := a.runner.Run(ctx)
	if err != nil {
		fmt.Fprintf(a.out, "txstream %s stopped after an error\n", a.mode)
	} else {
		fmt.Fprintf(a.out, "txstream %s stopped\n", a.mode)
	}
	return err
}

// Ready reports whether the process is ready: what every /readyz and
// txstream_ready answer.
func (a *App) Ready() bool { return a.ready.Ready() }

// NotReady lists what the process still waits for.
func (a *App) NotReady() []string { return a.ready.NotReady() }

// Addresses are the process's bound addresses and dev's embedded
// backends.
func (a *App) Addresses() Addresses {
	addrs := a.ln.addresses()
	addrs.Kafka, addrs.Redis = a.backends.Kafka, a.backends.Redis
	return addrs
}

// Streams is the streams configuration the process runs with (brokers,
// topics, groups, partitions).
func (a *App) Streams() streams.Config { return a.sc }

// Tables is the process's read model.
func (a *App) Tables() *ReadModel { return a.views }

// Registry is the process's metrics registry, which /metrics serves.
func (a *App) Registry() *prometheus.Registry { return a.reg }
