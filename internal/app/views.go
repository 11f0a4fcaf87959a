package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/statuslog"
	"github.com/txstream/txstream/streams/webhooks"
)

// newReadModel builds the views the roles read: the transactions and
// conversions views for the write side (the actors' source of truth for
// replays and long polls), the rates view for the converter, the
// status-log index for the manager.
func newReadModel(d deps) (rm *ReadModel, err error) {
	rm = &ReadModel{feed: &feed{}}
	if !d.cfg.Roles.readsTables() {
		return rm, nil
	}
	if rm.fetch, err = streams.NewViewConsumer(d.sc); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, rm.fetch.Close())
		}
	}()
	opts := viewOptions(d.log, rm.fetch)
	if d.cfg.Roles.writes() {
		if rm.tx, err = streams.NewTableView(d.sc, d.sc.Groups.Transactions, rm.feed.txChanged, opts...); err != nil {
			return nil, fmt.Errorf("transactions view: %w", err)
		}
		if rm.conv, err = streams.NewTableView(d.sc, d.sc.Groups.Conversions, rm.feed.convChanged, opts...); err != nil {
			return nil, fmt.Errorf("conversions view: %w", err)
		}
	}
	if d.cfg.Roles.Has(RoleConverter) {
		if rm.rates, err = streams.NewTableView[domain.Rate](d.sc, d.sc.Groups.Rates, nil, opts...); err != nil {
			return nil, fmt.Errorf("rates view: %w", err)
		}
	}
	if d.cfg.Roles.Has(RoleManager) {
		if rm.index, err = newLogIndex(d, opts); err != nil {
			return nil, err
		}
		if rm.hooks, err = webhooks.NewRegistry(d.sc, "view-webhooks", opts...); err != nil {
			return nil, fmt.Errorf("webhooks view: %w", err)
		}
		if rm.deliveries, err = streams.NewTableView[webhooks.DeliveryLog](d.sc, d.sc.Groups.WebhookDeliveries, nil, opts...); err != nil {
			return nil, fmt.Errorf("webhook deliveries view: %w", err)
		}
	}
	return rm, nil
}

// newLogIndex builds the status-log index: under data-dir/index, or in
// memory. It is rebuilt from the table at every start either way.
func newLogIndex(d deps, opts []goka.ViewOption) (*statuslog.Index, error) {
	dir := ""
	if d.cfg.DataDir != "" {
		dir = filepath.Join(d.cfg.DataDir, "index")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("index directory: %w", err)
		}
	}
	x, err := statuslog.NewIndex(d.sc, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("status-log index: %w", err)
	}
	return x, nil
}

// view is one view or index of the read model, as the rest of the process
// sees it: something to run, to wait for, and to show in goka's monitor.
type view struct {
	name      string // for logs and /readyz: "transactions view"
	monitor   string // for the collector and the monitor: "transactions-view"
	run       func(context.Context) error
	recovered func() bool
	goka      *goka.View
}

// views lists the views the process reads, in the order /readyz names them.
func (t *ReadModel) views() []view {
	var vs []view
	if t.tx != nil {
		vs = append(vs, view{"transactions view", "transactions-view", t.tx.Run, t.tx.Recovered, t.tx.Goka()})
	}
	if t.conv != nil {
		vs = append(vs, view{"conversions view", "conversions-view", t.conv.Run, t.conv.Recovered, t.conv.Goka()})
	}
	if t.rates != nil {
		vs = append(vs, view{"rates view", "rates-view", t.rates.Run, t.rates.Recovered, t.rates.Goka()})
	}
	if t.index != nil {
		vs = append(vs, view{"status-log index", "status-log-index", t.index.Run, t.index.Recovered, t.index.Goka()})
	}
	if t.hooks != nil {
		vs = append(vs, view{"webhooks view", "webhooks-view", t.hooks.Run, t.hooks.Recovered, t.hooks.Goka()},
			view{"webhook deliveries view", "webhook-deliveries-view", t.deliveries.Run, t.deliveries.Recovered, t.deliveries.Goka()})
	}
	return vs
}

// viewOptions are the goka options of the read model's views: goka's log
// through the process's, and fetches through the process's one view
// consumer. Each view reads a table of its own, as the view consumer
// needs.
func viewOptions(log *slog.Logger, fetch *streams.ViewConsumer) []goka.ViewOption {
	return append(gokaViewOptions(log), fetch.Builder())
}
