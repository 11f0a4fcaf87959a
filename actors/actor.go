package actors

import (
	"fmt"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/txstream/txstream/domain"
)

// idActor is one incarnation of the actor that owns one id in this process.
// It handles one message at a time, so everything about the id is
// serialized here: produces, replays, conflicts, waiters. What it knows of
// the table (tx or conv) is read on start and kept current by observations;
// a restart discards it and reads it again.
type idActor struct {
	g     *Gateway
	reg   *registry
	c     *cell
	self  *actor.PID
	timer *time.Timer
	tick  *idleTick
	quiet uint64 // c.handled at the previous tick

	vtimer *time.Timer // the first verdict waiter's deadline (verdict.go)
	vtick  *verdictTick

	loaded bool
	tx     *domain.Transaction // latest table state of a transaction id
	conv   *domain.Conversion  // result of a conversion id, once known

	current *request // being handled; answered by the panic guard if it panics

	// The last failed produce, shared by identical requests sent before it
	// failed, so that queued duplicates do not each wait out the timeout.
	failedFP   string
	failedErr  error
	failedUpTo uint64
}

func newIDActor(reg *registry, c *cell) actor.Actor {
	return &idActor{g: reg.g, reg: reg, c: c}
}

// Receive dispatches one message. Every message the gateway sent counts
// towards c.handled, which passivation compares with c.sent.
func (a *idActor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *request:
		a.c.handled++
		a.handle(m)
	case *cancelWait:
		a.c.handled++
		a.dropWaiter(m.req)
	case *observedTx:
		a.c.handled++
		a.adoptTx(&m.tx)
	case *observedConv:
		a.c.handled++
		a.adoptConv(&m.conv)
	case *shutdown:
		a.c.handled++
		ctx.Stop(ctx.Self())
	case *idleTick:
		a.onTick(ctx, m)
	case *verdictTick:
		a.onVerdictTick(m)
	case *actor.Started:
		a.start(ctx)
	case *actor.Restarting:
		a.stopTimer()
		a.stopVerdictTimer()
	case *actor.Stopping:
		a.finish()
	}
}

// start arms the idle timer and reads the table, so that replays and
// conflicts are detected across restarts and passivation. A failed read is
// retried by the first request.
func (a *idActor) start(ctx actor.Context) {
	a.self = ctx.Self()
	a.tick = &idleTick{owner: a}
	a.quiet = a.c.handled
	a.timer = time.AfterFunc(a.g.cfg.IdleTimeout, a.fireTick)
	a.vtick = &verdictTick{owner: a}
	if len(a.c.verdicts) > 0 { // parked by an incarnation that panicked
		a.armVerdict()
	}
	_ = a.load()
}

// fireTick runs on the timer's goroutine and touches only fields set before
// the timer was created.
func (a *idActor) fireTick() { a.g.system.Root.Send(a.self, a.tick) }

func (a *idActor) stopTimer() {
	if a.timer != nil {
		a.timer.Stop()
	}
}

// finish is the actor's last act, whether it passivated, was shut down or
// stopped otherwise: it leaves the registry and answers whoever still waits.
func (a *idActor) finish() {
	a.stopTimer()
	a.stopVerdictTimer()
	a.reg.release(a.c, true)
	a.answerWaiters(ErrStopping)
	a.failVerdicts(a.c.verdicts, fmt.Errorf("%w: %w: transaction %s: %w", ErrOutcomeUnknown, ErrNoVerdict, a.c.id, ErrStopping))
	a.c.verdicts = nil
}

// handle answers one request. The deferred guard answers it if handling
// panics and lets the panic go on to the supervisor.
func (a *idActor) handle(req *request) {
	a.current = req
	defer a.guard()
	var r reply
	var parked bool
	switch req.op {
	case opSubmitTx:
		r, parked = a.submitTx(req)
	case opSubmitConv:
		r = a.submitConv(req)
	case opWait, opWatch:
		r, parked = a.wait(req)
	}
	a.current = nil
	if !parked {
		a.respond(req, r)
	}
}

// respond answers req. A submit's in-flight slot is freed here, when its
// work is done, not when its caller gives up: abandoned work still counts
// against MaxInFlight. The op is read first: once answered, req may be
// back in the pool.
func (a *idActor) respond(req *request, r reply) {
	submit := req.op == opSubmitTx || req.op == opSubmitConv
	answer(req, r)
	if submit {
		a.g.release()
	}
}

// guard is deferred by handle. recover must be called by the deferred
// function itself, hence the re-panic instead of a helper.
func (a *idActor) guard() {
	if a.current == nil {
		return
	}
	p := recover()
	req := a.current
	a.current = nil
	a.respond(req, reply{err: fmt.Errorf("%w: %v", ErrActorFailed, p)})
	panic(p)
}
