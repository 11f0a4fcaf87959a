package transactions

import (
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// request is a TransactionRequested once validated again: the identity of
// the transaction it asks for and what must happen to it.
type request struct {
	tx      domain.Transaction // ID, amount, currencies, metadata, fingerprint
	reason  domain.Reason      // why it is refused; empty when valid
	convert bool
}

// onRequest decides what a decoded request does under key, given the
// current table value (nil when the id is new).
func onRequest(cur *domain.Transaction, key string, ev *domain.TransactionRequested, now time.Time) outcome {
	if domain.ValidateID(key) != nil {
		// Nothing can be recorded under a key that is no valid id.
		return outcome{malformed: true}
	}
	req := revalidate(key, *ev)
	if cur != nil {
		return again(*cur, req.tx.Fingerprint)
	}
	return req.start(createdAt(ev.ReceivedAt, now), now)
}

// revalidate runs the edge's validation again, since any Kafka client can
// write the topic. The record keeps the event's fingerprint when it carries
// one (that is what the edge compares a retried POST with); an event without
// one (schema 0, a foreign producer) gets the computed one.
func revalidate(key string, ev domain.TransactionRequested) request {
	id := ev.ID
	if id == "" {
		id = key // the seed's producers put the id in the key
	}
	valid, err := domain.NewTransactionRequested(domain.TransactionInput{
		ID: id, Amount: ev.Amount, Currency: ev.Currency,
		TargetCurrency: ev.TargetCurrency, Metadata: ev.Metadata,
	}, ev.ReceivedAt)
	if err != nil {
		return refused(key, ev, domain.ReasonFor(err))
	}
	if id != key || (ev.Fingerprint != "" && ev.Fingerprint != valid.Fingerprint) {
		// Self-contradictory event: its key or fingerprint is not the one
		// its own fields give.
		return refused(key, ev, domain.ReasonMalformedEvent)
	}
	fp := ev.Fingerprint
	if fp == "" {
		fp = valid.Fingerprint
	}
	return request{
		tx: domain.Transaction{
			ID: key, Amount: valid.Amount, Currency: valid.Currency,
			TargetCurrency: valid.TargetCurrency, Metadata: valid.Metadata, Fingerprint: fp,
		},
		convert: valid.NeedsConversion(),
	}
}

// refused keeps the fields of an invalid event as they came, for the record,
// except the metadata, which may be what made it invalid (too large).
func refused(key string, ev domain.TransactionRequested, reason domain.Reason) request {
	fp := ev.Fingerprint
	if fp == "" {
		fp = streams.LocalFingerprint("invalid", ev.ID, ev.Amount, ev.Currency, ev.TargetCurrency, string(ev.Metadata))
	}
	return request{
		tx: domain.Transaction{
			ID: key, Amount: ev.Amount, Currency: ev.Currency,
			TargetCurrency: ev.TargetCurrency, Fingerprint: fp,
		},
		reason: reason,
	}
}

// start records a new transaction: received, then failed, converting or
// completed.
func (r request) start(created, now time.Time) outcome {
	tx := r.tx
	tx.Schema = domain.SchemaVersion
	tx.CreatedAt = created
	out := outcome{write: &tx, changes: make([]domain.StatusEvent, 0, 2)}
	out.changes = append(out.changes, advance(&tx, domain.StatusReceived, "", now))
	switch {
	case r.reason != "":
		out.changes = append(out.changes, advance(&tx, domain.StatusFailed, r.reason, now))
	case r.convert:
		out.changes = append(out.changes, advance(&tx, domain.StatusConverting, "", now))
		req := conversionOf(tx)
		out.conversion = &req
	default:
		out.changes = append(out.changes, advance(&tx, domain.StatusCompleted, "", now))
	}
	return out
}

// again handles a request for an id that is already recorded. The same
// fingerprint is a redelivery (or a client's retry): the state stays, and the
// outputs are written and emitted again because a crash between the table write and the
// offset commit may have lost them. Another fingerprint is a conflict: the
// original stays untouched except for its conflict counter. The counter is
// not idempotent: a redelivered conflicting message counts again, which is
// acceptable for a number that only says "this id was reused".
func again(cur domain.Transaction, fp string) outcome {
	if cur.Fingerprint == fp {
		return replay(cur)
	}
	cur.Conflicts++
	return outcome{write: &cur, conflict: true}
}

func createdAt(received, now time.Time) time.Time {
	if received.IsZero() {
		return now
	}
	return received.UTC()
}
