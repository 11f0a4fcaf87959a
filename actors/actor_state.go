package actors

import (
	"fmt"
	"slices"

	"github.com/txstream/txstream/domain"
)

// load reads the id from the table once per incarnation.
func (a *idActor) load() error {
	if a.loaded {
		return nil
	}
	if err := a.reload(); err != nil {
		return err
	}
	a.loaded = true
	return nil
}

// reload reads the id from the table and adopts what it finds.
func (a *idActor) reload() error {
	if a.reg.kind == KindConversion {
		conv, err := a.g.lookup.Conversion(a.c.id)
		if err != nil {
			return fmt.Errorf("%w: look up conversion %s: %w", ErrUnavailable, a.c.id, err)
		}
		a.adoptConv(conv)
		return nil
	}
	tx, err := a.g.lookup.Transaction(a.c.id)
	if err != nil {
		return fmt.Errorf("%w: look up transaction %s: %w", ErrUnavailable, a.c.id, err)
	}
	a.adoptTx(tx)
	return nil
}

// adoptTx takes a table state of the transaction unless an older one. The
// table wins over what this process accepted: if another process got the id
// first, its body is the original and ours is the conflict.
func (a *idActor) adoptTx(tx *domain.Transaction) {
	if tx == nil || (a.tx != nil && tx.Version < a.tx.Version) {
		return
	}
	a.tx = tx
	if tx.Fingerprint != "" {
		a.c.accepted = tx.Fingerprint
	}
	a.answerVerdicts()
	a.wakeWaiters()
}

// adoptConv takes the result of the conversion.
func (a *idActor) adoptConv(conv *domain.Conversion) {
	if conv == nil {
		return
	}
	a.conv = conv
	if conv.Fingerprint != "" {
		a.c.accepted = conv.Fingerprint
	}
	a.c.pending.Store(false)
}

// inTable reports whether the table has shown the id.
func (a *idActor) inTable() bool { return a.tx != nil || a.conv != nil }

// wait answers a Wait at once when the transaction is terminal (a
// WaitNewer also when it is newer than the caller's version), or the table
// cannot be read, and otherwise parks it until such an observation.
func (a *idActor) wait(req *request) (reply, bool) {
	if err := a.load(); err != nil {
		return reply{tx: a.tx, err: err}, false
	}
	if settled(req.op, req.after, a.tx) {
		return reply{tx: a.tx}, false
	}
	a.c.waiters = append(a.c.waiters, req)
	return reply{}, true
}

// answerWaiters answers every parked Wait with the latest state.
func (a *idActor) answerWaiters(err error) {
	for _, w := range a.c.waiters {
		answer(w, reply{tx: a.tx, err: err})
	}
	clear(a.c.waiters)
	a.c.waiters = a.c.waiters[:0]
}

// wakeWaiters answers the parked waiters that the latest state settles and
// keeps the others.
func (a *idActor) wakeWaiters() {
	kept := a.c.waiters[:0]
	for _, w := range a.c.waiters {
		if settled(w.op, w.after, a.tx) {
			answer(w, reply{tx: a.tx})
		} else {
			kept = append(kept, w)
		}
	}
	clear(a.c.waiters[len(kept):])
	a.c.waiters = kept
}

// dropWaiter forgets a Wait whose caller gave up; it may already be answered.
func (a *idActor) dropWaiter(req *request) {
	if i := slices.Index(a.c.waiters, req); i >= 0 {
		a.c.waiters = slices.Delete(a.c.waiters, i, i+1)
	}
}
