package app

import (
	"slices"
	"sync/atomic"
	"testing"
)

// TestReadinessNamesWhatItWaitsFor: the process is ready only once every
// check holds, and lists the others in order.
func TestReadinessNamesWhatItWaitsFor(t *testing.T) {
	var views, sample atomic.Bool
	r := newReadiness(Check{"views", views.Load}, Check{"sample rates", sample.Load})
	if r.Ready() || !slices.Equal(r.NotReady(), []string{"views", "sample rates"}) {
		t.Fatalf("nothing recovered: ready %v, waiting for %v", r.Ready(), r.NotReady())
	}
	views.Store(true)
	if r.Ready() || !slices.Equal(r.NotReady(), []string{"sample rates"}) {
		t.Fatalf("views recovered: ready %v, waiting for %v", r.Ready(), r.NotReady())
	}
	sample.Store(true)
	if !r.Ready() || len(r.NotReady()) != 0 {
		t.Fatalf("all recovered: ready %v, waiting for %v", r.Ready(), r.NotReady())
	}
}
