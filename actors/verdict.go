package actors

import (
	"fmt"
	"time"

	"github.com/txstream/txstream/domain"
)

// The verdict: with Config.VerdictTimeout set, a transaction submit is
// answered from the table, not from Kafka's acknowledgement. Actors of
// other processes do not serialize with this one, so two of them can each
// get a different body of one id acknowledged; the transactions processor,
// the single writer of the id's partition, keeps the first and counts the
// other as a conflict. Only the table knows which, so a submit waits, once
// its record is acknowledged, for the table to show the id (Observe, fed
// by the view's change feed), and is then a success if the table's
// fingerprint is its own and a conflict otherwise.

// verdictWaiter is a submit whose record Kafka acknowledged (or an
// identical one queued behind it), waiting for the table to show the id.
type verdictWaiter struct {
	req    *request
	replay bool      // an identical request that came after the produce
	since  time.Time // when it began to wait, for Observer.Judged
	until  time.Time // when it stops waiting: ErrNoVerdict
}

// verdictTick is sent by an actor's verdict timer; owner tells a tick of
// the current incarnation from a stale one.
type verdictTick struct{ owner *idActor }

// IgnoreDeadLetterLogging: a tick that fires as its actor stops is expected.
func (*verdictTick) IgnoreDeadLetterLogging() {}

// judged reports whether transaction submits wait for the table's verdict.
func (a *idActor) judged() bool {
	return a.reg.kind == KindTransaction && a.g.cfg.VerdictTimeout > 0
}

// awaitVerdict parks req until the table shows the id or its wait ends.
// Waiters are appended in the order they park, each for VerdictTimeout,
// so the first one is always the next to expire.
func (a *idActor) awaitVerdict(req *request, replay bool) {
	now := time.Now()
	a.c.verdicts = append(a.c.verdicts, verdictWaiter{req: req, replay: replay, since: now, until: now.Add(a.g.cfg.VerdictTimeout)})
	if len(a.c.verdicts) == 1 {
		a.armVerdict()
	}
}

// armVerdict sets the verdict timer for the first waiter's deadline.
func (a *idActor) armVerdict() {
	d := time.Until(a.c.verdicts[0].until)
	if a.vtimer == nil {
		a.vtimer = time.AfterFunc(d, a.fireVerdict)
		return
	}
	a.vtimer.Reset(d)
}

// fireVerdict runs on the timer's goroutine and touches only fields set
// before the timer was created.
func (a *idActor) fireVerdict() { a.g.system.Root.Send(a.self, a.vtick) }

func (a *idActor) stopVerdictTimer() {
	if a.vtimer != nil {
		a.vtimer.Stop()
	}
}

// onVerdictTick reads the table once more, in case a change was not
// observed, and fails the waiters whose time is up.
func (a *idActor) onVerdictTick(t *verdictTick) {
	if t.owner != a || len(a.c.verdicts) == 0 {
		return
	}
	_ = a.reload()
	now := time.Now()
	n := 0
	for n < len(a.c.verdicts) && !a.c.verdicts[n].until.After(now) {
		n++
	}
	a.failVerdicts(a.c.verdicts[:n], fmt.Errorf("%w: %w: transaction %s after %s", ErrOutcomeUnknown, ErrNoVerdict, a.c.id, a.g.cfg.VerdictTimeout))
	a.c.verdicts = a.c.verdicts[n:]
	if len(a.c.verdicts) > 0 {
		a.armVerdict()
	}
}

// answerVerdicts answers every waiter once the table shows the id: the
// table's fingerprint is the body the processor kept.
func (a *idActor) answerVerdicts() {
	if a.tx == nil {
		return
	}
	a.c.produced = ""
	for _, w := range a.c.verdicts {
		a.respond(w.req, a.verdict(w))
	}
	a.c.verdicts = nil // the answered requests are not kept for reuse
	a.stopVerdictTimer()
}

// verdict is w's answer from the table's state of the id.
func (a *idActor) verdict(w verdictWaiter) reply {
	if a.tx.Fingerprint != "" && a.tx.Fingerprint == w.req.tx.Fingerprint {
		a.g.obs.Judged(VerdictWon, time.Since(w.since))
		return reply{sub: domain.Submitted{Replayed: w.replay, Transaction: a.tx}}
	}
	a.g.obs.Judged(VerdictLost, time.Since(w.since))
	return reply{err: &ConflictError{Kind: a.reg.kind, ID: a.c.id, Transaction: a.tx}}
}

// failVerdicts answers ws with err: their records are written, their
// verdict unknown.
func (a *idActor) failVerdicts(ws []verdictWaiter, err error) {
	for _, w := range ws {
		a.g.obs.Judged(VerdictNone, time.Since(w.since))
		a.respond(w.req, reply{err: err})
	}
}

// acknowledged records that Kafka acknowledged fp for this id, whose
// verdict the table has yet to give.
func (a *idActor) acknowledged(fp string) {
	a.c.produced = fp
	a.c.ackedAt = time.Now()
	a.failedFP, a.failedErr = "", nil
}

// behindVerdict answers a submit while an acknowledged body of the id
// waits for its verdict: the same body waits with it, as its replay
// (parked); another body is a conflict at once, since it would reach the
// partition after the acknowledged one and could not win.
func (a *idActor) behindVerdict(req *request) (r reply, parked bool) {
	if req.tx.Fingerprint == a.c.produced {
		a.awaitVerdict(req, true)
		return reply{}, true
	}
	return reply{err: &ConflictError{Kind: a.reg.kind, ID: a.c.id}}, false
}
