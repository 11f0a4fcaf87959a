package metrics

import (
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestReadyFollowsTheCheckAtScrapeTime(t *testing.T) {
	reg := prometheus.NewRegistry()
	var ready atomic.Bool
	if err := NewReady(reg, ready.Load); err != nil {
		t.Fatal(err)
	}
	for _, want := range []bool{false, true, false} {
		ready.Store(want)
		if got := sample(t, reg, "txstream_ready", nil); got != boolValue(want) {
			t.Errorf("txstream_ready = %v while ready is %v", got, want)
		}
	}
}
