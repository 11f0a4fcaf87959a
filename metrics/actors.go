package metrics

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/actors"
)

// Actors turns the actor layer's hook into the actor families. It
// implements actors.Observer; pass it to the actors' gateway.
type Actors struct {
	spawned    *prometheus.CounterVec
	passivated *prometheus.CounterVec
	live       prometheus.Gauge
	restarts   *prometheus.CounterVec
	supervisor *prometheus.CounterVec
	inFlight   prometheus.Gauge
	submits    *prometheus.CounterVec
	verdicts   *prometheus.HistogramVec
}

var _ actors.Observer = (*Actors)(nil)

// The closed vocabularies of the actor labels, the actors package's own
// lists; anything else is "other".
var (
	actorKinds  = vocabulary(words(actors.Kinds())...)
	directives  = vocabulary(actors.Directives()...)
	failures    = vocabulary(actors.FailureReasons()...)
	submitEnded = vocabulary(actors.Outcomes()...)
	verdicts    = vocabulary(actors.Verdicts()...)
)

// NewActors registers the actor families on reg.
func NewActors(reg prometheus.Registerer) (*Actors, error) {
	a := &Actors{
		spawned: counterVec("actors_spawned_total",
			"Per-id actors started, by kind (transaction, conversion).", "kind"),
		passivated: counterVec("actors_passivated_total",
			"Per-id actors stopped after their idle timeout, by kind.", "kind"),
		live: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: "actors_live",
			Help: "Per-id actors alive now."}),
		restarts: counterVec("actor_restarts_total",
			"Actors restarted by their supervisor, by kind and failure reason (injected, runtime_error, error, panic).", "kind", "reason"),
		supervisor: counterVec("actor_supervisor_decisions_total",
			"Supervisor decisions, by kind, directive (resume, restart, stop, escalate) and failure reason.", "kind", "directive", "reason"),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: "actor_submits_in_flight",
			Help: "Submits handed to actors and not answered yet; bounded, beyond the bound requests get 503."}),
		submits: counterVec("actor_submits_total",
			"Submits by kind and outcome (accepted, replayed, conflict, unavailable, outcome_unknown, failed, canceled, overloaded, stopping).", "kind", "outcome"),
		verdicts: histogramVec("actor_verdict_wait_seconds",
			"Time a new transaction's submit waited, after Kafka's acknowledgement, for the transactions table to show which body won its id, by verdict (won: 201, lost: 409, none: 504 after --verdict-timeout or at shutdown).",
			latencyBuckets, "verdict"),
	}
	if err := a.atZero(); err != nil {
		return nil, err
	}
	err := register(reg, a.spawned, a.passivated, a.live, a.restarts, a.supervisor, a.inFlight, a.submits, a.verdicts)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// atZero creates every series of the vocabularies.
func (a *Actors) atZero() error {
	k := actorKinds.values
	return errors.Join(
		atZero(a.spawned.MetricVec, k),
		atZero(a.passivated.MetricVec, k),
		atZero(a.restarts.MetricVec, k, failures.values),
		atZero(a.supervisor.MetricVec, k, directives.values, failures.values),
		atZero(a.submits.MetricVec, k, submitEnded.values),
		atZero(a.verdicts.MetricVec, verdicts.values),
	)
}

// ActorSpawned counts a started actor.
func (a *Actors) ActorSpawned(kind actors.Kind) {
	a.spawned.WithLabelValues(actorKinds.label(string(kind))).Inc()
}

// ActorPassivated counts an actor stopped for idleness.
func (a *Actors) ActorPassivated(kind actors.Kind) {
	a.passivated.WithLabelValues(actorKinds.label(string(kind))).Inc()
}

// LiveActors sets the number of live actors.
func (a *Actors) LiveActors(n int) { a.live.Set(float64(n)) }

// Supervised counts a supervisor decision, and a restart when it is one.
func (a *Actors) Supervised(kind actors.Kind, directive, reason string) {
	k, d, r := actorKinds.label(string(kind)), directives.label(directive), failures.label(reason)
	a.supervisor.WithLabelValues(k, d, r).Inc()
	if d == actors.DirectiveRestart {
		a.restarts.WithLabelValues(k, r).Inc()
	}
}

// InFlight sets the number of submits in progress.
func (a *Actors) InFlight(n int) { a.inFlight.Set(float64(n)) }

// Submitted counts how a submit ended.
func (a *Actors) Submitted(kind actors.Kind, outcome string) {
	a.submits.WithLabelValues(actorKinds.label(string(kind)), submitEnded.label(outcome)).Inc()
}

// Judged observes how long a submit waited for its verdict.
func (a *Actors) Judged(verdict string, waited time.Duration) {
	a.verdicts.WithLabelValues(verdicts.label(verdict)).Observe(waited.Seconds())
}
