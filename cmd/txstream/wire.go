package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/redis/go-redis/v9"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kslog"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/metrics"
	"github.com/txstream/txstream/streams"
)

// addRoles builds the components of the configured roles. Views, the
// producer and the actor gateway are built once and shared by the roles
// of the process that need them.
func (p *process) addRoles() error {
	steps := []struct {
		want bool
		add  func() error
	}{
		{p.cfg.Roles.has(roleProcessor), p.addProcessor},
		{p.writes(), p.addWriteSide},
		{p.cfg.Roles.has(roleConverter), p.ratesView},
		{p.cfg.Roles.has(roleManager), p.logIndex},
		{p.cfg.Roles.has(roleTransaction), p.addTransactionService},
		{p.cfg.Roles.has(roleConverter), p.addConverterService},
		{p.cfg.Roles.has(roleManager), p.addManagerService},
	}
	for _, s := range steps {
		if !s.want {
			continue
		}
		if err := s.add(); err != nil {
			return err
		}
	}
	return nil
}

// writes reports whether the process accepts writes, and so needs the
// producer and the actors.
func (p *process) writes() bool {
	return p.cfg.Roles.has(roleTransaction) || p.cfg.Roles.has(roleConverter)
}

// addWriteSide adds the producer and the actor gateway, and the views the
// actors read (the source of truth for replays and long polls).
func (p *process) addWriteSide() error {
	if err := errors.Join(p.transactionsView(), p.conversionsView()); err != nil {
		return err
	}
	prod, err := streams.NewProducer(p.sc, kgo.WithLogger(kslog.New(p.log.With("component", "producer"))),
		kgo.WithHooks(metrics.NewKafkaClient(p.reg)))
	if err != nil {
		return fmt.Errorf("producer: %w", err)
	}
	p.producer = p.obs.producer.Wrap(prod, p.sc.Topics)
	p.producers = append(p.producers, closer("producer flush", prod.Close))
	gw, err := actors.New(p.actorSystem(), p.actorsConfig(), p.producer, &p.tables, p.obs.actors)
	if err != nil {
		return fmt.Errorf("actors: %w", err)
	}
	p.gateway = gw
	p.tables.onTx = append(p.tables.onTx, func(tx *domain.Transaction, _ []byte) { gw.Observe(*tx) })
	p.tables.onConv = append(p.tables.onConv, gw.ObserveConversion)
	p.actors = append(p.actors, component{name: "actors", run: gw.Run})
	return nil
}

// actorsConfig gives the actors their share of the shutdown deadline: the
// HTTP services drain first, then the actors, then the producer flushes.
func (p *process) actorsConfig() actors.Config {
	return actors.Config{
		MaxInFlight:     p.cfg.MaxInFlight,
		ProduceTimeout:  p.cfg.ProduceTimeout,
		IdleTimeout:     p.cfg.ActorIdle,
		ShutdownTimeout: p.cfg.ShutdownTimeout / 4,
		Faults:          p.faults,
		// The actors' bound on waiters is the edge's long polls, so that
		// one setting (--max-long-polls) decides which ones are refused.
		MaxWaiters: p.cfg.MaxLongPolls,
	}
}

// edgeConfig maps the settings onto the three services.
func (p *process) edgeConfig() edge.Config {
	ec := edge.DefaultConfig()
	ec.TransactionAddr = p.cfg.TransactionAddr
	ec.ConverterAddr = p.cfg.ConverterAddr
	ec.ManagerAddr = p.cfg.ManagerAddr
	ec.MaxBodyBytes = p.cfg.MaxBodyBytes
	ec.MaxInFlight = p.cfg.MaxInFlight
	ec.MaxLongPolls = p.cfg.MaxLongPolls
	ec.WaitMax = p.cfg.LongPollMax
	// The actors fail a produce at ProduceTimeout; the edge waits a little
	// longer so that their precise error is the one answered.
	ec.SubmitTimeout = p.cfg.ProduceTimeout + time.Second
	ec.ShutdownTimeout = p.cfg.ShutdownTimeout / 2
	ec.Metrics = metrics.Handler(p.reg)
	ec.Observer = p.obs.edge
	ec.Classify = classify
	ec.Logger = p.log.With("component", "edge")
	return ec
}

func (p *process) addTransactionService() error {
	ec := p.edgeConfig()
	cc := cache.DefaultConfig()
	rdb := redis.NewClient(cache.RedisOptions(p.cfg.Redis, cc))
	// Closed in the last stage, after the cache refresher, which stops
	// after the views whose change feed it writes to Redis.
	p.addBackend("redis client", rdb.Close)
	txCache, err := cache.New(rdb, cc, p.obs.edge)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	refresher, err := cache.NewRefresher(txCache, cache.DefaultRefresherConfig())
	if err != nil {
		return fmt.Errorf("cache refresher: %w", err)
	}
	// First among the listeners: a change is queued for Redis (and so not
	// answered from an older entry) before the actors wake the long polls
	// that announce it.
	refresh := func(tx *domain.Transaction, raw []byte) { refresher.Refresh(tx.ID, tx.Version, raw) }
	p.tables.onTx = slices.Insert(p.tables.onTx, 0, refresh)
	p.caches = append(p.caches, component{name: "cache refresher", run: refresher.Run})
	srv, err := edge.NewTransactionService(ec, p.gateway, &p.tables, txCache)
	if err != nil {
		return fmt.Errorf("transaction service: %w", err)
	}
	p.addService("Transaction Service", srv)
	return nil
}

func (p *process) addConverterService() error {
	srv, err := edge.NewConverterService(p.edgeConfig(), p.gateway, &p.tables, p.producer)
	if err != nil {
		return fmt.Errorf("converter service: %w", err)
	}
	p.addService("Value Converter Service", srv)
	return nil
}

func (p *process) addManagerService() error {
	ec := p.edgeConfig()
	if p.cfg.GokaMonitor {
		// The monitor is built in run, once every role has registered its
		// processors and views; it is set before any service starts.
		ec.Monitor = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.gokaUI.ServeHTTP(w, r) })
		ec.MonitorPrefix = gokaMonitorPrefix
	}
	srv, err := edge.NewManagerService(ec, &p.tables)
	if err != nil {
		return fmt.Errorf("manager service: %w", err)
	}
	p.addService("Transaction Manager Service", srv)
	return nil
}

func (p *process) addService(name string, srv *edge.Server) {
	p.front = append(p.front, component{name: name, run: srv.Run})
	p.services = append(p.services, service{name: name, addr: srv.Addr})
}

// actorSystem logs through the process's logger.
func (p *process) actorSystem() *actor.ActorSystem {
	log := p.log.With("component", "actors")
	return actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return log }))
}
