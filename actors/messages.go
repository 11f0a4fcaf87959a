package actors

import (
	"sync"

	"github.com/txstream/txstream/domain"
)

// op says what a request asks of an actor.
type op uint8

const (
	opSubmitTx op = iota + 1
	opSubmitConv
	opWait
	// opWatch waits for a version newer than request.after (WaitNewer).
	opWatch
)

// request is one call from the gateway to an actor, answered by exactly one
// reply on its one-slot channel, so an actor never blocks on a caller. A
// request is pooled: the caller returns it to the pool only after reading
// that reply; a caller that gives up abandons it to the garbage collector.
// This is cheaper than a protoactor Future, which registers a process and
// starts a timer per request, and lets the caller select on its context.
type request struct {
	op    op
	seq   uint64 // the cell's send count when sent; orders it against failures
	after int64  // for opWatch: the version the caller has
	tx    domain.TransactionRequested
	conv  domain.ConversionRequest
	reply chan reply
}

// reply answers a request.
type reply struct {
	sub domain.Submitted
	tx  *domain.Transaction // for opWait and opWatch
	err error
}

// answer replies to req. Each request is answered once by construction; the
// default case only makes sure that a bug there could never block an actor.
func answer(req *request, r reply) {
	select {
	case req.reply <- r:
	default:
	}
}

// requestPool recycles requests and their reply channels.
type requestPool struct{ pool sync.Pool }

func (p *requestPool) get(o op) *request {
	r, _ := p.pool.Get().(*request)
	if r == nil {
		r = &request{reply: make(chan reply, 1)}
	}
	r.op = o
	return r
}

func (p *requestPool) put(r *request) {
	*r = request{reply: r.reply}
	p.pool.Put(r)
}

// cancelWait removes a waiter whose caller's context ended.
type cancelWait struct{ req *request }

// observedTx carries a table change of a transaction to its actor.
type observedTx struct{ tx domain.Transaction }

// observedConv carries a conversion result to its actor.
type observedConv struct{ conv domain.Conversion }

// shutdown is the last message the gateway sends an actor: it stops after
// everything queued before it.
type shutdown struct{}

var shutdownMsg = &shutdown{}

// idleTick is sent by an actor's own timer; owner tells a tick of the current
// incarnation from a stale one of an incarnation replaced by a restart.
type idleTick struct{ owner *idActor }

// IgnoreDeadLetterLogging: a tick that fires as its actor stops is expected.
func (*idleTick) IgnoreDeadLetterLogging() {}
