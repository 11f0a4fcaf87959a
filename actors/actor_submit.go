package actors

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/txstream/txstream/domain"
)

// submitTx answers a transaction submit: a replay or a conflict when the id
// is already accepted, otherwise one produce whose acknowledgement accepts
// it. Identical requests queued behind the produce become replays of it:
// concurrent duplicates coalesce into one Kafka event.
//
// With verdicts (judged), the acknowledgement is not the answer: the
// submit parks (parked true) until the table shows which body won the id
// (verdict.go), and identical requests queued behind it park with it.
func (a *idActor) submitTx(req *request) (r reply, parked bool) {
	if r, done := a.settled(req.tx.Fingerprint, req.seq); done {
		return r, false
	}
	if a.judged() && a.c.produced != "" {
		return a.behindVerdict(req)
	}
	a.g.faults.trip(a.reg.kind, a.c.id, BeforeProduce)
	err := a.produce(func(ctx context.Context) error { return a.g.producer.ProduceTransaction(ctx, req.tx) })
	if err != nil {
		return a.failed(req.tx.Fingerprint, err), false
	}
	if a.judged() {
		a.acknowledged(req.tx.Fingerprint)
		a.g.faults.trip(a.reg.kind, a.c.id, AfterAck)
		a.awaitVerdict(req, false)
		return reply{}, true
	}
	a.accept(req.tx.Fingerprint)
	a.g.faults.trip(a.reg.kind, a.c.id, AfterAck)
	return reply{sub: domain.Submitted{Transaction: a.tx}}, false
}

// submitConv is submitTx for a conversion id.
func (a *idActor) submitConv(req *request) reply {
	if r, done := a.settled(req.conv.Fingerprint, req.seq); done {
		return r
	}
	a.g.faults.trip(a.reg.kind, a.c.id, BeforeProduce)
	err := a.produce(func(ctx context.Context) error { return a.g.producer.ProduceConversion(ctx, req.conv) })
	if err != nil {
		return a.failed(req.conv.Fingerprint, err)
	}
	a.accept(req.conv.Fingerprint)
	a.c.pending.Store(a.conv == nil)
	a.g.faults.trip(a.reg.kind, a.c.id, AfterAck)
	return reply{sub: domain.Submitted{Conversion: a.conv}}
}

// settled answers a submit that needs no produce: the table cannot be read,
// the id is taken (replay or conflict), or an identical request sent before
// the last produce failed shares that failure.
func (a *idActor) settled(fp string, seq uint64) (reply, bool) {
	if err := a.load(); err != nil {
		return reply{err: err}, true
	}
	switch {
	case a.c.accepted == fp:
		return reply{sub: domain.Submitted{Replayed: true, Transaction: a.tx, Conversion: a.conv}}, true
	case a.c.accepted != "":
		return reply{err: &ConflictError{Kind: a.reg.kind, ID: a.c.id, Transaction: a.tx, Conversion: a.conv}}, true
	case fp == a.failedFP && seq <= a.failedUpTo:
		return reply{err: a.failedErr}, true
	}
	return reply{}, false
}

// produce runs one produce, bounded by ProduceTimeout. It runs on the
// actor's own goroutine: the actor is busy until Kafka answers, which is
// what serializes the id (requests queue in the mailbox meanwhile).
func (a *idActor) produce(send func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(a.g.base, a.g.cfg.ProduceTimeout)
	defer cancel()
	err := send(ctx)
	switch {
	case err == nil:
		return nil
	case outcomeUnknown(err):
		return fmt.Errorf("%w: produce %s %s: %w", ErrOutcomeUnknown, a.reg.kind, a.c.id, err)
	}
	return fmt.Errorf("%w: produce %s %s: %w", ErrUnavailable, a.reg.kind, a.c.id, err)
}

// outcomeError is an error that says whether the record it reports may
// have been written.
type outcomeError interface {
	error
	OutcomeUnknown() bool
}

// outcomeUnknown tells whether a failed produce may have written the
// event. The producer says so with an OutcomeUnknown method on its error
// (streams.ProduceError has one; this package may not import streams).
// An error that says nothing is unknown when it is the context's (the
// producer stopped waiting, and the record may be on the wire), and a
// definite failure otherwise (the producer reports one).
func outcomeUnknown(err error) bool {
	if o, ok := errors.AsType[outcomeError](err); ok {
		return o.OutcomeUnknown()
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// accept records that Kafka acknowledged fp for this id.
func (a *idActor) accept(fp string) {
	a.c.accepted = fp
	a.c.ackedAt = time.Now()
	a.failedFP, a.failedErr = "", nil
}

// failed remembers a failed produce for the identical requests already
// queued: every request sent up to now.
func (a *idActor) failed(fp string, err error) reply {
	a.c.shard.mu.Lock()
	a.failedUpTo = a.c.sent
	a.c.shard.mu.Unlock()
	a.failedFP, a.failedErr = fp, err
	return reply{err: err}
}
