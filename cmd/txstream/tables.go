package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/statuslog"
)

// errNotServed is returned by tables for a table this process does not
// read because none of its roles needs it.
var errNotServed = errors.New("table not read by this process's roles")

// tables holds the views of the process, built once for the roles that
// need them, and is the edge's read side (edge.Tables) and the actors'
// Lookup. A nil field is a table no role of this process reads.
type tables struct {
	tx    *streams.TableView[domain.Transaction]
	conv  *streams.TableView[domain.Conversion]
	rates *streams.TableView[domain.Rate]
	index *statuslog.Index

	// Listeners of the change feeds, set before the views run: the actor
	// gateway (waking long polls) and the cache (refreshing entries, from
	// the table's bytes: raw, valid during the call only).
	onTx   []func(tx *domain.Transaction, raw []byte)
	onConv []func(domain.Conversion)
}

func (t *tables) txChanged(_ string, tx *domain.Transaction, raw []byte) {
	for _, f := range t.onTx {
		f(tx, raw)
	}
}

func (t *tables) convChanged(_ string, c *domain.Conversion, _ []byte) {
	for _, f := range t.onConv {
		f(*c)
	}
}

// Transaction reads the transactions table.
func (t *tables) Transaction(id string) (*domain.Transaction, error) {
	if t.tx == nil {
		return nil, fmt.Errorf("transactions: %w", errNotServed)
	}
	return t.tx.Get(id)
}

// Conversion reads the conversions table.
func (t *tables) Conversion(id string) (*domain.Conversion, error) {
	if t.conv == nil {
		return nil, fmt.Errorf("conversions: %w", errNotServed)
	}
	return t.conv.Get(id)
}

// Rates lists the rates table.
func (t *tables) Rates() ([]domain.Rate, error) {
	if t.rates == nil {
		return nil, fmt.Errorf("rates: %w", errNotServed)
	}
	var all []domain.Rate
	err := t.rates.Each(func(_ string, r *domain.Rate) error {
		all = append(all, *r)
		return nil
	})
	return all, err
}

// Rate reads one rate of the rates table.
func (t *tables) Rate(code string) (*domain.Rate, error) {
	if t.rates == nil {
		return nil, fmt.Errorf("rates: %w", errNotServed)
	}
	return t.rates.Get(code)
}

// Log lists the status log through the index.
func (t *tables) Log(q domain.LogQuery) (domain.LogPage, error) {
	if t.index == nil {
		return domain.LogPage{}, fmt.Errorf("status log: %w", errNotServed)
	}
	return t.index.List(q)
}

// History reads one transaction's status log.
func (t *tables) History(id string) (*domain.StatusLog, error) {
	if t.index == nil {
		return nil, fmt.Errorf("status log: %w", errNotServed)
	}
	return t.index.History(id)
}

// Ready reports whether every view of the process has recovered.
func (t *tables) Ready() bool {
	return (t.tx == nil || t.tx.Recovered()) &&
		(t.conv == nil || t.conv.Recovered()) &&
		(t.rates == nil || t.rates.Recovered()) &&
		(t.index == nil || t.index.Recovered())
}

// transactionsView builds the transactions view once.
func (p *process) transactionsView() error {
	if p.tables.tx != nil {
		return nil
	}
	v, err := streams.NewTableView(p.sc, p.sc.Groups.Transactions, p.tables.txChanged, p.gokaViewOptions()...)
	if err != nil {
		return err
	}
	p.tables.tx = v
	p.addBack("transactions view", v.Run, v.Recovered)
	return p.monitorView("transactions-view", v.Goka())
}

// conversionsView builds the conversions view once.
func (p *process) conversionsView() error {
	if p.tables.conv != nil {
		return nil
	}
	v, err := streams.NewTableView(p.sc, p.sc.Groups.Conversions, p.tables.convChanged, p.gokaViewOptions()...)
	if err != nil {
		return err
	}
	p.tables.conv = v
	p.addBack("conversions view", v.Run, v.Recovered)
	return p.monitorView("conversions-view", v.Goka())
}

// ratesView builds the rates view once.
func (p *process) ratesView() error {
	if p.tables.rates != nil {
		return nil
	}
	v, err := streams.NewTableView[domain.Rate](p.sc, p.sc.Groups.Rates, nil, p.gokaViewOptions()...)
	if err != nil {
		return err
	}
	p.tables.rates = v
	p.addBack("rates view", v.Run, v.Recovered)
	return p.monitorView("rates-view", v.Goka())
}

// logIndex builds the status-log index: under data-dir/index, or in
// memory. It is rebuilt from the table at every start either way.
func (p *process) logIndex() error {
	dir := ""
	if p.cfg.DataDir != "" {
		dir = filepath.Join(p.cfg.DataDir, "index")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("index directory: %w", err)
		}
	}
	x, err := statuslog.NewIndex(p.sc, dir, p.gokaViewOptions()...)
	if err != nil {
		return err
	}
	p.tables.index = x
	p.addBack("status-log index", x.Run, x.Recovered)
	return p.monitorView("status-log-index", x.Goka())
}
