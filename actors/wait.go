package actors

import (
	"context"
	"fmt"

	"github.com/txstream/txstream/domain"
)

// Wait blocks until transaction id reaches a terminal status or ctx ends,
// and returns the latest known state: terminal if it arrived, otherwise the
// table's state when ctx ended (nil while the id is unknown). Ending by ctx
// is the long poll's normal outcome, not an error. The table is read first,
// so a terminal transaction is answered without an actor. Errors:
// ErrOverloaded past MaxWaiters, ErrUnavailable when the table cannot be
// read, ErrStopping on shutdown.
func (g *Gateway) Wait(ctx context.Context, id string) (*domain.Transaction, error) {
	return g.await(ctx, id, opWait, 0)
}

// WaitNewer is Wait for any change: it returns as soon as transaction id
// has a version newer than after, or is terminal (an event stream's next
// event), else at the end of ctx the latest known state (nil while the id
// is unknown). It counts against MaxWaiters like Wait.
func (g *Gateway) WaitNewer(ctx context.Context, id string, after int64) (*domain.Transaction, error) {
	return g.await(ctx, id, opWatch, after)
}

// await is Wait and WaitNewer: o and after say which state answers.
func (g *Gateway) await(ctx context.Context, id string, o op, after int64) (*domain.Transaction, error) {
	if g.stopping.Load() {
		return nil, ErrStopping
	}
	if g.waiting.Add(1) > int64(g.cfg.MaxWaiters) {
		g.waiting.Add(-1)
		return nil, ErrOverloaded
	}
	defer g.waiting.Add(-1)
	tx, err := g.lookup.Transaction(id)
	if err != nil {
		return nil, fmt.Errorf("%w: look up transaction %s: %w", ErrUnavailable, id, err)
	}
	if settled(o, after, tx) || ctx.Err() != nil {
		return tx, nil
	}
	return g.park(ctx, id, tx, o, after)
}

// settled reports whether tx answers a waiter of op o: a terminal status
// answers every waiter, a version newer than after a WaitNewer.
func settled(o op, after int64, tx *domain.Transaction) bool {
	return tx != nil && (tx.Status.Terminal() || (o == opWatch && tx.Version > after))
}

// park registers a waiter with id's actor and waits for its answer.
func (g *Gateway) park(ctx context.Context, id string, known *domain.Transaction, o op, after int64) (*domain.Transaction, error) {
	req := g.requests.get(o)
	req.after = after
	if _, err := g.txs.send(id, req, true); err != nil {
		g.requests.put(req)
		return known, err
	}
	select {
	case r := <-req.reply:
		g.requests.put(req)
		return r.tx, r.err
	case <-ctx.Done():
		return g.unpark(id, req, known)
	case <-g.abort:
		return known, ErrStopping
	}
}

// unpark withdraws a waiter whose ctx ended, unless it was answered just
// now, and reads the latest state from the table.
func (g *Gateway) unpark(id string, req *request, known *domain.Transaction) (*domain.Transaction, error) {
	select {
	case r := <-req.reply:
		g.requests.put(req)
		return r.tx, r.err
	default:
	}
	_, _ = g.txs.send(id, &cancelWait{req: req}, false)
	if tx, err := g.lookup.Transaction(id); err == nil && tx != nil {
		return tx, nil
	}
	return known, nil
}

// Observe tells the actor of tx.ID about a table change, waking its waiters
// when the status is terminal. Call it for every change from the view's
// change feed, after the view serves the new value. It never blocks: with no
// live actor for the id it does nothing (a later actor reads the table).
func (g *Gateway) Observe(tx domain.Transaction) {
	if g.txs.lookup(tx.ID) == nil {
		return
	}
	_, _ = g.txs.send(tx.ID, &observedTx{tx: tx}, false)
}

// ObserveConversion tells the actor of a conversion id that its result is
// in the conversions table, so Pending turns false at once.
func (g *Gateway) ObserveConversion(conv domain.Conversion) {
	if g.convs.lookup(conv.ID) == nil {
		return
	}
	_, _ = g.convs.send(conv.ID, &observedConv{conv: conv}, false)
}

// Pending reports whether this process got a conversion request
// acknowledged by Kafka whose result is not known yet. It is answered from
// memory, for as long as the id's actor lives (at most PendingRetention
// after the acknowledgement while no result shows up).
func (g *Gateway) Pending(conversionID string) bool {
	c := g.convs.lookup(conversionID)
	return c != nil && c.pending.Load()
}
