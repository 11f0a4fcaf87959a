package app

import (
	"fmt"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/statuslog"
	"github.com/txstream/txstream/streams/webhooks"
)

// ReadModel is the read side of a process: its views of the goka tables
// and the status-log index, built once for the roles that read them. It is
// the actors' Lookup and, with the process's readiness (servedTables), the
// edge's Tables. A nil field is a table no role of the process reads.
type ReadModel struct {
	tx    *streams.TableView[domain.Transaction]
	conv  *streams.TableView[domain.Conversion]
	rates *streams.TableView[domain.Rate]
	index *statuslog.Index
	feed  *feed
	// hooks and deliveries are the manager's webhook registrations and
	// recent deliveries.
	hooks      *webhooks.Registry
	deliveries *streams.TableView[webhooks.DeliveryLog]
	// fetch feeds every view above; nil when there is none.
	fetch *streams.ViewConsumer
}

// Transaction reads the transactions table.
func (t *ReadModel) Transaction(id string) (*domain.Transaction, error) {
	if t.tx == nil {
		return nil, fmt.Errorf("transactions: %w", ErrNotServed)
	}
	return t.tx.Get(id)
}

// Conversion reads the conversions table.
func (t *ReadModel) Conversion(id string) (*domain.Conversion, error) {
	if t.conv == nil {
		return nil, fmt.Errorf("conversions: %w", ErrNotServed)
	}
	return t.conv.Get(id)
}

// Rates lists the rates table.
func (t *ReadModel) Rates() ([]domain.Rate, error) {
	if t.rates == nil {
		return nil, fmt.Errorf("rates: %w", ErrNotServed)
	}
	var all []domain.Rate
	err := t.rates.Each(func(_ string, r *domain.Rate) error {
		all = append(all, *r)
		return nil
	})
	return all, err
}

// Rate reads one rate of the rates table.
func (t *ReadModel) Rate(code string) (*domain.Rate, error) {
	if t.rates == nil {
		return nil, fmt.Errorf("rates: %w", ErrNotServed)
	}
	return t.rates.Get(code)
}

// Log lists the status log through the index.
func (t *ReadModel) Log(q domain.LogQuery) (domain.LogPage, error) {
	if t.index == nil {
		return domain.LogPage{}, fmt.Errorf("status log: %w", ErrNotServed)
	}
	return t.index.List(q)
}

// History reads one transaction's status log.
func (t *ReadModel) History(id string) (*domain.StatusLog, error) {
	if t.index == nil {
		return nil, fmt.Errorf("status log: %w", ErrNotServed)
	}
	return t.index.History(id)
}

// servedTables is the edge's read side: the views, answering Ready with
// the process's one readiness, so that /readyz of every service says what
// the process address's /readyz and txstream_ready say. The Transaction
// Service's cache takes the same Ready as the moment its change feed is
// live; the process is ready at or after the transactions view recovered,
// so the cache only reads the table a little longer, which is safe.
type servedTables struct {
	*ReadModel
	ready *readiness
}

func (t servedTables) Ready() bool { return t.ready.Ready() }
