package actors

import "time"

// Kind names the two families of per-id actors; it is also the metrics label.
type Kind string

// The kinds of per-id actors.
const (
	KindTransaction Kind = "transaction"
	KindConversion  Kind = "conversion"
)

// Kinds lists the kinds of per-id actors.
func Kinds() []Kind { return []Kind{KindTransaction, KindConversion} }

// Outcomes of a submit, as reported to Observer.Submitted.
const (
	OutcomeAccepted    = "accepted"        // produced and acknowledged by Kafka
	OutcomeReplayed    = "replayed"        // same id, same body as an accepted request
	OutcomeConflict    = "conflict"        // same id, another body
	OutcomeUnavailable = "unavailable"     // surely not written, or the lookup failed
	OutcomeUnknown     = "outcome_unknown" // no definite answer from Kafka: may be written
	OutcomeFailed      = "failed"          // the actor panicked while handling it
	OutcomeCanceled    = "canceled"        // the caller's context ended first
	OutcomeOverloaded  = "overloaded"      // refused by the in-flight bound
	OutcomeStopping    = "stopping"        // refused or failed by shutdown
)

// Outcomes lists the Outcome constants: every way a submit ends.
func Outcomes() []string {
	return []string{OutcomeAccepted, OutcomeReplayed, OutcomeConflict, OutcomeUnavailable, OutcomeUnknown,
		OutcomeFailed, OutcomeCanceled, OutcomeOverloaded, OutcomeStopping}
}

// Verdicts of a submit that waited for the table (Config.VerdictTimeout),
// as reported to Observer.Judged.
const (
	VerdictWon  = "won"  // the table shows this body: 201
	VerdictLost = "lost" // the table shows another body: 409
	VerdictNone = "none" // no verdict in time, or the actor stopped: 504
)

// Verdicts lists the Verdict constants.
func Verdicts() []string { return []string{VerdictWon, VerdictLost, VerdictNone} }

// Supervisor directives, as reported to Observer.Supervised.
const (
	DirectiveResume   = "resume"
	DirectiveRestart  = "restart"
	DirectiveStop     = "stop"
	DirectiveEscalate = "escalate"
)

// Directives lists the Directive constants.
func Directives() []string {
	return []string{DirectiveResume, DirectiveRestart, DirectiveStop, DirectiveEscalate}
}

// Failure reasons, as reported to Observer.Supervised: what the actor's
// panic value was. A few classes keep the metrics' label values fixed.
const (
	FailureInjected     = "injected"      // a FaultInjector's panic (tests)
	FailureRuntimeError = "runtime_error" // a runtime.Error: nil map, index out of range
	FailureError        = "error"         // a panic with another error
	FailurePanic        = "panic"         // a panic with anything else
)

// FailureReasons lists the Failure constants.
func FailureReasons() []string {
	return []string{FailureInjected, FailureRuntimeError, FailureError, FailurePanic}
}

// Observer receives the actor layer's events for metrics. Methods are called
// from many goroutines (callers and actors) and must be cheap and safe for
// concurrent use; they must not call back into the Gateway.
type Observer interface {
	// ActorSpawned is called when an actor for an id is started.
	ActorSpawned(kind Kind)
	// ActorPassivated is called when an idle actor stops itself.
	ActorPassivated(kind Kind)
	// LiveActors reports the number of live actors after each change.
	LiveActors(n int)
	// Supervised is called for every supervisor decision, read from the
	// actor system's EventStream: directive is one of the Directive
	// constants, reason one of the Failure constants.
	Supervised(kind Kind, directive, reason string)
	// InFlight reports the number of submits in progress after each change.
	InFlight(n int)
	// Submitted reports how one submit ended (one of the Outcome constants).
	Submitted(kind Kind, outcome string)
	// Judged reports a submit that waited for the table's verdict after
	// Kafka's acknowledgement: the verdict (one of the Verdict constants)
	// and how long it waited for it.
	Judged(verdict string, waited time.Duration)
}

// NopObserver ignores every event.
type NopObserver struct{}

func (NopObserver) ActorSpawned(Kind)               {}
func (NopObserver) ActorPassivated(Kind)            {}
func (NopObserver) LiveActors(int)                  {}
func (NopObserver) Supervised(Kind, string, string) {}
func (NopObserver) InFlight(int)                    {}
func (NopObserver) Submitted(Kind, string)          {}
func (NopObserver) Judged(string, time.Duration)    {}

var _ Observer = NopObserver{}
