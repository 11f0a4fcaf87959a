package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/app/stage"
	"github.com/txstream/txstream/metrics"
	"github.com/txstream/txstream/streams"
)

// Options are what a process takes besides its configuration.
type Options struct {
	Log *slog.Logger // nil discards
	Out io.Writer    // the banner and the last line; nil discards
	// Faults makes chosen actors panic (actors.Config.Faults); nil in the
	// binary.
	Faults *actors.FaultInjector
	// Checks are more things the process waits for before it is ready,
	// after its own; a test holds a process unready with one.
	Checks []Check
	// AddressesFile, when set, is written once the process first becomes
	// ready: its addresses as one JSON object (launch.Addresses), written
	// whole or not at all, so that a caller that asked for port 0 learns
	// the ports. An error writing it stops the process.
	AddressesFile string
	// OnReady is called once, when the process first becomes ready, after
	// the addresses file, with its addresses; an error stops the process.
	OnReady func(Addresses) error
}

// App is one process of txstream: its roles built, its addresses bound,
// ready to Run.
type App struct {
	mode     Mode
	roles    Roles
	log      *slog.Logger
	out      io.Writer
	reg      *prometheus.Registry
	sc       streams.Config
	ln       listeners
	views    *ReadModel
	ready    *readiness
	services []service
	notes    []string // dev's banner notes
	onReady  func(Addresses) error
	addrFile string // Options.AddressesFile
	guard    *guard
	backends Addresses // dev: the broker and Redis it uses
	// components are the process's parts by shutdown stage, which runner
	// runs.
	components map[string][]stage.Component
	runner     *stage.Runner
}

// New binds the addresses of cfg's roles (dev: every role), then starts
// dev's embedded backends, creates the missing topics and tables and
// builds the roles. A busy address fails first, as a *ListenError, before
// anything is created. On error everything opened so far is closed; on
// success Run must follow, which is what closes them.
func New(ctx context.Context, mode Mode, cfg Config, o Options) (*App, error) {
	o = o.withDefaults()
	if mode == ModeDev {
		cfg.Roles = AllRoles()
	}
	ls, err := bind(ctx, cfg)
	if err != nil {
		return nil, err
	}
	reg := metrics.NewRegistry()
	reloads, err := metrics.NewReloads(reg)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("metrics: %w", err), ls.close())
	}
	g, err := newGuard(cfg.Security, o.Log, reloads)
	if err != nil {
		return nil, errors.Join(err, ls.close())
	}
	g.wrap(ls)
	var b backends
	a, err := open(ctx, mode, cfg, o, ls, g, reg, &b)
	if err != nil {
		return nil, errors.Join(err, ls.close(), b.close())
	}
	return a, nil
}

func (o Options) withDefaults() Options {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	return o
}

// open prepares the backends and builds the process on them.
func open(ctx context.Context, mode Mode, cfg Config, o Options, ls listeners, g *guard, reg *prometheus.Registry, b *backends) (*App, error) {
	if err := prepareDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	var dev devBackends
	if mode == ModeDev {
		var err error
		if dev, err = startEmbedded(cfg, b); err != nil {
			return nil, err
		}
		cfg = dev.apply(cfg)
	} else {
		o.Log.Info("starting", "roles", cfg.Roles.String(), "brokers", cfg.Brokers, "redis", cfg.Redis, "data_dir", cfg.DataDir)
	}
	sc := streamsConfig(mode, cfg, dev.brokers != nil)
	if dev.brokers == nil { // the embedded broker takes no login
		sc.Security = g.kafka
	}
	sc, err := provision(ctx, sc, o.Log, cfg.provisionTimeout())
	if err != nil {
		return nil, err
	}
	d, err := newDeps(cfg, sc, o, reg, b)
	if err != nil {
		return nil, err
	}
	d.guard = g
	if dev.redis == "" { // nor the embedded Redis
		d.redis = g.redis
	}
	a := &App{mode: mode, roles: cfg.Roles, log: o.Log, out: o.Out, reg: d.reg, sc: sc, ln: ls, notes: append(append(dev.notes, g.accessNote()), webhookNotes(cfg)...),
		onReady: o.OnReady, addrFile: o.AddressesFile, guard: g}
	if mode == ModeDev {
		a.backends = Addresses{Kafka: strings.Join(cfg.Brokers, ","), Redis: cfg.Redis}
	}
	return a, a.assemble(ctx, d, o.Checks, *b)
}

// newDeps opens the metrics registry and its observers; the goka
// collector reads the consumer lag through an offsets client of its own,
// which b closes.
func newDeps(cfg Config, sc streams.Config, o Options, reg *prometheus.Registry, b *backends) (deps, error) {
	offsets, err := metrics.NewKafkaOffsets(sc.Brokers, sc.Sarama())
	if err != nil {
		return deps{}, fmt.Errorf("metrics: %w", err)
	}
	b.add("offsets client", offsets.Close)
	obs, err := newObservers(reg, offsets)
	if err != nil {
		return deps{}, err
	}
	return deps{cfg: cfg, sc: sc, log: o.Log, reg: reg, obs: obs, faults: o.Faults}, nil
}

// assemble builds the graph, the one readiness, the services in front of
// them and the stages they stop in.
func (a *App) assemble(ctx context.Context, d deps, extra []Check, b backends) error {
	var sample []domain.Rate
	if a.mode == ModeDev {
		var err error
		if sample, err = publishSample(ctx, d.sc, d.log); err != nil {
			return err
		}
	}
	g, err := build(d)
	if err != nil {
		return err
	}
	checks := g.checks()
	if a.mode == ModeDev {
		checks = append(checks, sampleLoaded(g.views, sample))
	}
	a.views, a.ready = g.views, newReadiness(append(checks, extra...)...)
	front, err := a.front(d, g)
	if err != nil {
		return g.abandon(err)
	}
	a.components = a.plan(g, front, b)
	a.runner = runner(a.components, d.cfg.ShutdownTimeout, a.log)
	return nil
}
