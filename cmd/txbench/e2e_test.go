package main

import (
	"context"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

func TestE2ELatencyFromTheTerminalTimestamp(t *testing.T) {
	sent := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name       string
		status     int
		body       string
		terminal   bool
		latencyMs  float64
		statusSeen string
	}{
		{"completed", 200, `{"transaction":{"status":"completed","updated_at":"2026-01-02T03:04:05.250Z"}}`, true, 250, "completed"},
		{"failed", 200, `{"transaction":{"status":"failed","updated_at":"2026-01-02T03:04:05.010Z"}}`, true, 10, "failed"},
		{"still converting", 200, `{"transaction":{"status":"converting","updated_at":"2026-01-02T03:04:05.010Z"}}`, false, 0, ""},
		{"not found", 404, `{"error":"Transaction not found"}`, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := (&e2eSampler{}).begin()
			b.add(sent, tt.status, []byte(tt.body), nil)
			s := b.summary(time.Second)
			if tt.terminal != (s.Count == 1) || (!tt.terminal && s.Unfinished != 1) {
				t.Fatalf("summary %+v", s)
			}
			if tt.terminal && (s.P50 < tt.latencyMs*0.999 || s.P50 > tt.latencyMs*1.001 || s.Statuses[tt.statusSeen] != 1) {
				t.Errorf("latency %v ms statuses %v, want %v ms", s.P50, s.Statuses, tt.latencyMs)
			}
		})
	}
}

// The sampler long-polls one transaction in every and files it in the
// bucket that was current when it was offered.
func TestE2ESamplerLongPolls(t *testing.T) {
	addr := serveOnLoopback(t, func(ctx *fasthttp.RequestCtx) {
		if string(ctx.QueryArgs().Peek("wait")) == "" {
			ctx.SetStatusCode(400)
			return
		}
		ctx.SetBodyString(`{"transaction":{"status":"completed","updated_at":"` + time.Now().UTC().Format(time.RFC3339Nano) + `"}}`)
	})
	s := newE2ESampler(addr, 10, 4, time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	wg := s.run(ctx, 4)
	defer func() { cancel(); wg.Wait() }()
	b := s.begin()
	for n := int64(1); n <= 100; n++ {
		s.offer(n, "tx-1", time.Now())
	}
	sum := b.summary(10 * time.Second)
	if sum.Count+sum.Dropped != 10 || sum.Unfinished != 0 || sum.Count == 0 {
		t.Errorf("sampled %d dropped %d unfinished %d, want 10 in all", sum.Count, sum.Dropped, sum.Unfinished)
	}
}
