package actors

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// onTick passivates the actor when nothing arrived since the previous tick
// and it holds nothing that needs it; otherwise it re-arms the timer. The
// actor's own timer stands in for protoactor's ReceiveTimeout, whose timer
// callback writes the actor context's fields from the timer goroutine (a data
// race when a message arrives as it fires) and which re-arms on every
// message; this one is re-armed once per IdleTimeout.
func (a *idActor) onTick(ctx actor.Context, t *idleTick) {
	if t.owner != a {
		return
	}
	if a.c.handled == a.quiet && a.idle() && a.reg.release(a.c, false) {
		a.g.obs.ActorPassivated(a.reg.kind)
		ctx.Stop(ctx.Self())
		return
	}
	a.quiet = a.c.handled
	a.timer.Reset(a.g.cfg.IdleTimeout)
}

// idle reports whether the actor may stop: nobody waits (for a terminal
// status or a verdict), and anything this
// process got acknowledged is in the table (or older than PendingRetention).
// It re-reads the table on the way, which also catches a terminal status
// whose observation was missed by a waiter.
func (a *idActor) idle() bool {
	if len(a.c.waiters) > 0 || len(a.c.verdicts) > 0 {
		_ = a.reload()
		return false
	}
	if a.c.accepted == "" || a.inTable() {
		return true
	}
	_ = a.reload()
	return a.inTable() || time.Since(a.c.ackedAt) >= a.g.cfg.PendingRetention
}
