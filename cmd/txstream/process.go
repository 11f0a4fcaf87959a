package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/metrics"
	"github.com/txstream/txstream/streams"
)

// process is what one run of dev or serve assembles: the components of
// its roles in shutdown order, and what /readyz waits for.
type process struct {
	cfg    *config
	sc     streams.Config
	log    *slog.Logger
	reg    *prometheus.Registry
	out    io.Writer // where dev prints its banner
	checks []readiness

	// The stages, front to back (see lifecycle): each role adds its
	// components to the stage where they belong.
	front     []component // HTTP services
	actors    []component // actor gateways
	producers []component // producer flushes
	back      []component // processors, views, the log index
	caches    []component // the cache refresher, fed by the views
	// backendClosers close the Redis client and stop the embedded broker
	// and Redis, after everything else.
	backendClosers []namedCloser
	admin          *adminServer
	services       []service // for the banner
	tables         tables    // the views, shared by the roles that read them
	producer       *metrics.InstrumentedProducer
	obs            observers
	goka           gokaSources
	sample         []domain.Rate // published by dev
	gateway        *actors.Gateway
	// faults, set by tests before the roles are built, makes chosen
	// actors panic (actors.Config.Faults); nil in the binary.
	faults *actors.FaultInjector
	// gokaUI is goka's monitor, built in run once every processor and view
	// is known; nil when --goka-monitor is off.
	gokaUI        http.Handler
	banner        func() // printed once ready (dev only)
	cmd           command
	embeddedKafka bool // dev started the embedded broker
}

// service is an HTTP service of this process, for the banner.
type service struct {
	name string
	addr func() string // bound address once listening
}

func newProcess(cmd command, cfg *config, log *slog.Logger, out io.Writer) (*process, error) {
	p := &process{cmd: cmd, cfg: cfg, log: log, reg: metrics.NewRegistry(), out: out}
	if err := p.newObservers(); err != nil {
		return nil, err
	}
	return p, nil
}

// streamsConfig fixes the streams configuration once the brokers are
// known. Table state goes under data-dir/tables.
func (p *process) streamsConfig() {
	p.sc = p.cfg.streams()
	if p.cfg.DataDir != "" {
		p.sc.StorageDir = filepath.Join(p.cfg.DataDir, p.tablesDir())
	}
}

// tablesDir names the table directory. Local table state is only valid
// for the cluster it was read from, so a dev run against real brokers
// keeps its tables apart from the embedded broker's (whose port changes
// at every start, hence not part of the name) and from other clusters'.
func (p *process) tablesDir() string {
	if p.embeddedKafka || p.cmd != cmdDev {
		return "tables"
	}
	sum := sha256.Sum256([]byte(strings.Join(p.cfg.Brokers, ",")))
	return "tables-" + hex.EncodeToString(sum[:4])
}

// ensureTopics creates the stream topics that are missing, or says which
// existing one does not match.
func (p *process) ensureTopics() error {
	if err := streams.EnsureTopics(p.sc); err != nil {
		return fmt.Errorf("topics on %v: %w", p.sc.Brokers, err)
	}
	// Processors refuse a rate whose key is not on its partition among
	// the rates topic's: an existing topic's count, whatever was set.
	n, err := streams.RatesTopicPartitions(p.sc)
	if err != nil {
		return fmt.Errorf("rates topic on %v: %w", p.sc.Brokers, err)
	}
	p.sc.RatesPartitions = n
	g := p.sc.Groups
	if err := ensureTables(p.sc, g.Transactions, g.Conversions, g.Rates, g.StatusLog); err != nil {
		return fmt.Errorf("tables on %v: %w", p.sc.Brokers, err)
	}
	p.log.Info("topics ready", "brokers", p.sc.Brokers, "partitions", p.sc.Partitions, "replication", p.sc.Replication)
	return nil
}

// addBack adds a processor, view or index: stopped after the producer,
// and waited for by /readyz.
func (p *process) addBack(name string, run func(context.Context) error, recovered func() bool) {
	p.back = append(p.back, component{name: name, run: run})
	p.checks = append(p.checks, readiness{name: name, ready: recovered})
}

// ready is true once every view, processor and index has recovered.
func (p *process) ready() bool { return len(notReady(p.checks)) == 0 }

// lifecycle orders the components for shutdown, the admin server and the
// readiness watcher in front.
func (p *process) lifecycle() *lifecycle {
	l := &lifecycle{deadline: p.cfg.ShutdownTimeout, log: p.log}
	front := append([]component{p.watcher()}, p.front...)
	if p.admin != nil {
		front = append(front, component{name: "metrics server", run: p.admin.Run})
	}
	var backends []component
	for _, c := range p.backendClosers {
		backends = append(backends, closer(c.name, c.close))
	}
	for _, stage := range [][]component{front, p.actors, p.producers, p.back, p.caches, backends} {
		if len(stage) > 0 {
			l.stage(stage...)
		}
	}
	return l
}

// run runs the process until ctx ends or a component fails.
func (p *process) run(ctx context.Context) error {
	if p.cfg.GokaMonitor {
		gokaUI, err := p.gokaMonitor()
		if err != nil {
			return err
		}
		p.gokaUI = gokaUI
	}
	if p.cfg.MetricsAddr != "" {
		p.admin = p.adminServer()
	}
	return p.lifecycle().run(ctx)
}

// adminServer serves --metrics-addr with the services' limits.
func (p *process) adminServer() *adminServer {
	return newAdminServer(p.cfg.MetricsAddr, p.edgeConfig(), p.reg, p.checks, p.gokaUI)
}
