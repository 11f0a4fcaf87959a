package app

import (
	"errors"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/internal/app/stage"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/pipeline"
)

// deps are what the parts of the graph are built from.
type deps struct {
	cfg    Config
	sc     streams.Config // with the brokers and partitions known
	log    *slog.Logger
	reg    *prometheus.Registry
	obs    observers
	faults *actors.FaultInjector
	guard  *guard
	redis  cache.Security // the guard's, unless the cache is dev's embedded Redis
}

// graph is the build graph of one process's roles, below its HTTP
// services: each part is built by a function from the parts it needs. A
// nil part is one no role of the process needs.
type graph struct {
	processors *pipeline.Pipeline // processor
	views      *ReadModel         // every role; empty for the processor alone
	producer   *producer          // transaction, converter
	gateway    *actors.Gateway    // transaction, converter
	cache      *txCache           // transaction
	webhooks   *webhookAPI        // manager
}

// build builds the parts the roles of d.cfg need, and sets the order in
// which the views' changes reach their listeners.
func build(d deps) (*graph, error) {
	g := &graph{}
	var err error
	if d.cfg.Roles.Has(RoleProcessor) {
		if g.processors, err = newProcessors(d); err != nil {
			return nil, g.abandon(err)
		}
	}
	if g.views, err = newReadModel(d); err != nil {
		return nil, g.abandon(err)
	}
	if d.cfg.Roles.writes() {
		if g.producer, err = newProducer(d); err != nil {
			return nil, g.abandon(err)
		}
		if g.gateway, err = newGateway(d, g.producer, g.views); err != nil {
			return nil, g.abandon(err)
		}
	}
	if d.cfg.Roles.Has(RoleTransaction) {
		if g.cache, err = newCache(d); err != nil {
			return nil, g.abandon(err)
		}
	}
	if d.cfg.Roles.Has(RoleManager) {
		if g.webhooks, err = newWebhookAPI(d, g.views); err != nil {
			return nil, g.abandon(err)
		}
	}
	g.views.feed.listen(txListeners(g.cache.refreshListener(), wakeListener(g.gateway)), convListeners(g.gateway))
	if err := d.obs.attachViews(g.views.views()); err != nil {
		return nil, g.abandon(err)
	}
	return g, nil
}

// abandon closes the clients the parts built so far opened, when the
// process does not start; err is why.
func (g *graph) abandon(err error) error {
	if g.producer != nil {
		err = errors.Join(err, g.producer.close())
	}
	if g.cache != nil {
		err = errors.Join(err, g.cache.rdb.Close())
	}
	if g.webhooks != nil {
		err = errors.Join(err, g.webhooks.Close())
	}
	if g.views != nil && g.views.fetch != nil {
		err = errors.Join(err, g.views.fetch.Close())
	}
	return err
}

// txListeners are the listeners of the transactions table's change feed,
// in the order a change reaches them: first the cache refresher, so that a
// change is queued for Redis (and so not answered from an older entry)
// before the actors, second, wake the long polls that announce it. A nil
// listener is a part the process does not have.
func txListeners(refresh, wake txListener) []txListener {
	var ls []txListener
	for _, l := range []txListener{refresh, wake} {
		if l != nil {
			ls = append(ls, l)
		}
	}
	return ls
}

// refreshListener queues each change of the transactions table for Redis.
func (c *txCache) refreshListener() txListener {
	if c == nil {
		return nil
	}
	return func(tx *domain.Transaction, raw []byte) { c.refresher.Refresh(tx.ID, tx.Version, raw) }
}

// wakeListener tells the actors of each change, which wakes the long
// polls waiting for it.
func wakeListener(gw *actors.Gateway) txListener {
	if gw == nil {
		return nil
	}
	return func(tx *domain.Transaction, _ []byte) { gw.Observe(*tx) }
}

// convListeners are the listeners of the conversions table: the actors,
// which answer GET /convert's pending state and wake no one else.
func convListeners(gw *actors.Gateway) []convListener {
	if gw == nil {
		return nil
	}
	return []convListener{gw.ObserveConversion}
}

// checks are what the graph's parts wait for: the processors, then the
// views in ReadModel.views order.
func (g *graph) checks() []Check {
	var cs []Check
	if g.processors != nil {
		cs = append(cs, Check{"processors", g.processors.Recovered})
	}
	for _, v := range g.views.views() {
		cs = append(cs, Check{v.name, v.recovered})
	}
	return cs
}

// components are the graph's long-running parts by shutdown stage.
func (g *graph) components() map[string][]stage.Component {
	cs := map[string][]stage.Component{}
	if g.gateway != nil {
		cs[stageActors] = append(cs[stageActors], stage.Component{Name: "actors", Run: g.gateway.Run})
	}
	if g.producer != nil {
		cs[stageProducer] = append(cs[stageProducer], stage.Closer("producer flush", g.producer.close))
	}
	if g.webhooks != nil {
		cs[stageProducer] = append(cs[stageProducer], stage.Closer("webhooks producer", g.webhooks.Close))
	}
	if g.processors != nil {
		cs[stageBack] = append(cs[stageBack], stage.Component{Name: "processors", Run: g.processors.Run})
	}
	for _, v := range g.views.views() {
		cs[stageBack] = append(cs[stageBack], stage.Component{Name: v.name, Run: v.run})
	}
	if f := g.views.fetch; f != nil {
		// It fetches while the views run, and closes with the clients.
		cs[stageBack] = append(cs[stageBack], stage.Component{Name: "view consumer", Run: f.Run})
		cs[stageBackends] = append(cs[stageBackends], stage.Closer("view consumer", f.Close))
	}
	if g.cache != nil {
		cs[stageCache] = append(cs[stageCache], stage.Component{Name: "cache refresher", Run: g.cache.refresher.Run})
		// Closed in the last stage, after the refresher that writes to it.
		cs[stageBackends] = append(cs[stageBackends], stage.Closer("redis client", g.cache.rdb.Close))
	}
	return cs
}
