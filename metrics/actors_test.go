package metrics

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/actors"
)

func TestActorsCountsLifecycleAndSupervision(t *testing.T) {
	reg := prometheus.NewRegistry()
	a, err := NewActors(reg)
	if err != nil {
		t.Fatal(err)
	}
	a.ActorSpawned(actors.KindTransaction)
	a.ActorSpawned(actors.KindTransaction)
	a.ActorSpawned(actors.KindConversion)
	a.ActorPassivated(actors.KindTransaction)
	a.LiveActors(2)
	a.Supervised(actors.KindTransaction, "restart", "injected")
	a.Supervised(actors.KindTransaction, "restart", "injected")
	a.Supervised(actors.KindTransaction, "stop", "runtime_error")
	a.Supervised("robot", "explode", "cosmic_ray")
	a.InFlight(7)
	a.Submitted(actors.KindTransaction, actors.OutcomeAccepted)
	a.Submitted(actors.KindTransaction, actors.OutcomeOverloaded)
	a.Submitted(actors.KindTransaction, actors.OutcomeUnknown)
	a.Submitted(actors.KindConversion, "made-up")
	a.Judged(actors.VerdictWon, 3*time.Millisecond)
	a.Judged(actors.VerdictWon, 40*time.Millisecond)
	a.Judged(actors.VerdictNone, 5*time.Second)
	tests := []struct {
		name   string
		family string
		labels map[string]string
		want   float64
	}{
		{"spawned transaction", "txstream_actors_spawned_total", map[string]string{"kind": "transaction"}, 2},
		{"spawned conversion", "txstream_actors_spawned_total", map[string]string{"kind": "conversion"}, 1},
		{"passivated", "txstream_actors_passivated_total", map[string]string{"kind": "transaction"}, 1},
		{"live", "txstream_actors_live", nil, 2},
		{"restarts by reason", "txstream_actor_restarts_total", map[string]string{"kind": "transaction", "reason": "injected"}, 2},
		{"stop is a decision", "txstream_actor_supervisor_decisions_total", map[string]string{"kind": "transaction", "directive": "stop", "reason": "runtime_error"}, 1},
		{"unknown labels folded", "txstream_actor_supervisor_decisions_total", map[string]string{"kind": "other", "directive": "other", "reason": "other"}, 1},
		{"in flight", "txstream_actor_submits_in_flight", nil, 7},
		{"accepted", "txstream_actor_submits_total", map[string]string{"kind": "transaction", "outcome": "accepted"}, 1},
		{"overloaded", "txstream_actor_submits_total", map[string]string{"kind": "transaction", "outcome": "overloaded"}, 1},
		{"outcome unknown", "txstream_actor_submits_total", map[string]string{"kind": "transaction", "outcome": "outcome_unknown"}, 1},
		{"unknown outcome folded", "txstream_actor_submits_total", map[string]string{"kind": "conversion", "outcome": "other"}, 1},
		{"verdicts won", "txstream_actor_verdict_wait_seconds", map[string]string{"verdict": "won"}, 2},
		{"no verdict", "txstream_actor_verdict_wait_seconds", map[string]string{"verdict": "none"}, 1},
		{"no verdict lost yet", "txstream_actor_verdict_wait_seconds", map[string]string{"verdict": "lost"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sample(t, reg, tt.family, tt.labels); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.family, tt.labels, got, tt.want)
			}
		})
	}
	t.Run("a stop is not a restart", func(t *testing.T) {
		if got := total(t, reg, "txstream_actor_restarts_total", nil); got != 2 {
			t.Errorf("%v restarts, want the 2 restart decisions", got)
		}
	})
}
