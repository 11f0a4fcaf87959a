package metrics

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/cache"
)

func TestEdgeCountsRequestsAndCache(t *testing.T) {
	reg := prometheus.NewRegistry()
	e, err := NewEdge(reg)
	if err != nil {
		t.Fatal(err)
	}
	e.InFlight(edge.ServiceTransaction, +1)
	e.InFlight(edge.ServiceTransaction, +1)
	e.Request(edge.ServiceTransaction, "POST", "/transactions", 201, 3*time.Millisecond)
	e.InFlight(edge.ServiceTransaction, -1)
	e.Request(edge.ServiceTransaction, "GET", "/transactions/{id}", 404, time.Millisecond)
	e.Request(edge.ServiceTransaction, "GET", "/transactions/{id}", 200, time.Millisecond)
	e.Request(edge.ServiceManager, "GET", edge.RouteUnmatched, 404, time.Millisecond)
	e.Overloaded(edge.ServiceTransaction, "/transactions")
	for _, ev := range []cache.Event{cache.EventHit, cache.EventHit, cache.EventMiss, cache.EventFill,
		cache.EventStaleRefused, cache.EventFallback, cache.EventError, cache.EventError, "unheard-of"} {
		e.Cache(ev)
	}
	e.CacheCommand("get", 200*time.Microsecond)
	e.CacheCommand("set", time.Millisecond)
	e.CacheCommand("flushall", time.Millisecond) // not the cache's: labelled other
	tests := []struct {
		name   string
		family string
		labels map[string]string
		want   float64
	}{
		{"created", "txstream_http_requests_total", map[string]string{"service": "transaction", "method": "POST", "route": "/transactions", "code": "201"}, 1},
		{"not found by template", "txstream_http_requests_total", map[string]string{"service": "transaction", "route": "/transactions/{id}", "code": "404"}, 1},
		{"unmatched route", "txstream_http_requests_total", map[string]string{"service": "manager", "route": "unmatched"}, 1},
		{"latency observations", "txstream_http_request_duration_seconds", map[string]string{"service": "transaction", "method": "GET", "route": "/transactions/{id}"}, 2},
		{"in flight", "txstream_http_requests_in_flight", map[string]string{"service": "transaction"}, 1},
		{"overload", "txstream_http_overload_rejections_total", map[string]string{"service": "transaction", "route": "/transactions"}, 1},
		{"hits", "txstream_cache_lookups_total", map[string]string{"result": "hit"}, 2},
		{"misses", "txstream_cache_lookups_total", map[string]string{"result": "miss"}, 1},
		{"fallbacks", "txstream_cache_lookups_total", map[string]string{"result": "fallback"}, 1},
		{"fills", "txstream_cache_fills_total", map[string]string{"result": "written"}, 1},
		{"stale fills refused", "txstream_cache_fills_total", map[string]string{"result": "stale_refused"}, 1},
		{"errors", "txstream_cache_errors_total", nil, 2},
		{"get timed", "txstream_cache_command_duration_seconds", map[string]string{"command": "get"}, 1},
		{"set timed", "txstream_cache_command_duration_seconds", map[string]string{"command": "set"}, 1},
		{"unknown command bounded", "txstream_cache_command_duration_seconds", map[string]string{"command": "other"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sample(t, reg, tt.family, tt.labels); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.family, tt.labels, got, tt.want)
			}
		})
	}
	t.Run("unknown cache event ignored", func(t *testing.T) {
		if n := len(family(t, reg, "txstream_cache_lookups_total").GetMetric()); n != 3 {
			t.Errorf("%d lookup series, want 3", n)
		}
	})
}
