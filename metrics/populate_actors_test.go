package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/actors"
)

func populateActors(t *testing.T, reg prometheus.Registerer) {
	t.Helper()
	a, err := NewActors(reg)
	if err != nil {
		t.Fatal(err)
	}
	a.ActorSpawned(actors.KindTransaction)
	a.ActorPassivated(actors.KindTransaction)
	a.LiveActors(0)
	a.Supervised(actors.KindTransaction, "restart", "panic")
	a.InFlight(0)
	a.Submitted(actors.KindTransaction, actors.OutcomeAccepted)
}
