package metrics

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/cache"
)

func populateEdge(t *testing.T, reg prometheus.Registerer) {
	t.Helper()
	e, err := NewEdge(reg)
	if err != nil {
		t.Fatal(err)
	}
	e.InFlight(edge.ServiceTransaction, 1)
	e.Request(edge.ServiceTransaction, "POST", "/transactions", 201, time.Millisecond)
	e.InFlight(edge.ServiceTransaction, -1)
	e.Overloaded(edge.ServiceTransaction, "/transactions")
	e.Denied(edge.ServiceTransaction, edge.DenyScope)
	e.Batch(edge.ServiceTransaction, edge.BatchCounts{Created: 98, Replayed: 1, Refused: 1})
	for _, ev := range []cache.Event{cache.EventHit, cache.EventFill, cache.EventError} {
		e.Cache(ev)
	}
	e.CacheCommand("get", 300*time.Microsecond)
	ev, err := NewEventStreams(reg)
	if err != nil {
		t.Fatal(err)
	}
	ev.StreamOpen(edge.ServiceTransaction, "/transactions/{id}/events", 1)
	ev.EventsSent(edge.ServiceTransaction, "/transactions/{id}/events", 3)
	ev.StreamCut(edge.ServiceManager, "/transactions/events")
}
