package actors

import (
	"runtime"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// decideFailure is the decider of the per-id actors' supervisor: it maps the
// reason of a panic to a directive.
//
//   - Restart, for every reason: a panic can leave an incarnation's derived
//     state half-updated, and a fresh incarnation rebuilds it from the table
//     while the cell keeps the facts (acknowledged fingerprint, waiters).
//   - Resume is never chosen: it would keep that half-updated state.
//   - Stop is never chosen: a stopped actor drops the requests queued in its
//     mailbox, and its callers would wait for nothing.
//   - Escalate is impossible: the supervisor is a guardian, with no parent.
//
// A poison id that panics again and again is slowed down by the backoff
// instead, and never affects another id.
func decideFailure(_ any) actor.Directive {
	return actor.RestartDirective
}

// supervisor is the strategy of the per-id actors: the decider's directive,
// with restarts delayed by an exponential backoff. It publishes every
// decision on the actor system's EventStream, where the gateway's metrics
// (and anyone else) subscribe.
type supervisor struct {
	decide  actor.DeciderFunc
	backoff Backoff
}

var _ actor.SupervisorStrategy = (*supervisor)(nil)

// HandleFailure runs on the failing actor's goroutine, whose mailbox is
// suspended until the directive is applied.
func (s *supervisor) HandleFailure(system *actor.ActorSystem, sup actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason, _ any) {
	directive := s.decide(reason)
	if directive == actor.EscalateDirective {
		directive = actor.StopDirective
	}
	system.EventStream.Publish(&actor.SupervisorEvent{Child: child, Reason: reason, Directive: directive})
	switch directive {
	case actor.ResumeDirective:
		sup.ResumeChildren(child)
	case actor.StopDirective:
		sup.StopChildren(child)
	default:
		time.AfterFunc(s.nextDelay(rs), func() { sup.RestartChildren(child) })
	}
}

// nextDelay counts this failure and returns the wait before the restart.
func (s *supervisor) nextDelay(rs *actor.RestartStatistics) time.Duration {
	if rs.NumberOfFailures(s.backoff.Window) == 0 {
		rs.Reset()
	}
	rs.Fail()
	return s.backoff.delay(rs.FailureCount())
}

// onEvent forwards this gateway's supervisor decisions to the Observer.
func (g *Gateway) onEvent(evt any) {
	e, ok := evt.(*actor.SupervisorEvent)
	if !ok || e.Child == nil || !strings.HasPrefix(e.Child.Id, g.prefix) {
		return
	}
	kind, _, _ := strings.Cut(strings.TrimPrefix(e.Child.Id, g.prefix), "/")
	g.obs.Supervised(Kind(kind), directiveLabel(e.Directive), reasonLabel(e.Reason))
}

func directiveLabel(d actor.Directive) string {
	switch d {
	case actor.ResumeDirective:
		return DirectiveResume
	case actor.RestartDirective:
		return DirectiveRestart
	case actor.StopDirective:
		return DirectiveStop
	}
	return DirectiveEscalate
}

// reasonLabel classifies a panic value into a few labels, keeping metrics
// cardinality fixed.
func reasonLabel(reason any) string {
	switch reason.(type) {
	case injectedPanic:
		return FailureInjected
	case runtime.Error:
		return FailureRuntimeError
	case error:
		return FailureError
	}
	return FailurePanic
}
