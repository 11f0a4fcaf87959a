package main

import (
	"strings"
	"testing"
)

// series makes lag points one per second with the given lags; finished
// grows at rate per second.
func series(rate float64, lags ...float64) []lagPoint {
	pts := make([]lagPoint, len(lags))
	for i, l := range lags {
		fin := rate * float64(i)
		pts[i] = lagPoint{T: float64(i), Finished: fin, Accepted: fin + l, Lag: l}
	}
	return pts
}

func TestJudge(t *testing.T) {
	run := func(target, rate float64, errs, unsent int64) runResult {
		return runResult{TargetRate: target, Rate: rate, Sent: int64(rate * 8), Errors: errs, Unsent: unsent}
	}
	tests := []struct {
		name   string
		step   stepResult
		kept   bool
		reason string
	}{
		{"steady", stepResult{Run: run(1000, 1000, 0, 0), Points: series(1000, 0, 40, 50, 45, 55, 50, 48, 52, 0)}, true, "kept up"},
		{"ingest short", stepResult{Run: run(1000, 900, 0, 0), Points: series(1000, 0, 0)}, false, "ingest"},
		{"errors", stepResult{Run: run(1000, 1000, 100, 0), Points: series(1000, 0, 0)}, false, "errors"},
		{"unsent", stepResult{Run: run(1000, 1000, 0, 3), Points: series(1000, 0, 0)}, false, "errors"},
		{"lag too large", stepResult{Run: run(1000, 1000, 0, 0), Points: series(1000, 0, 300, 600, 900, 1200, 1500)}, false, "lag"},
		{"lag growing", stepResult{Run: run(1000, 1000, 0, 0), Points: series(1000, 0, 0, 0, 100, 200, 300, 400, 500)}, false, "growing"},
		{"left-over lag is the base", stepResult{Run: run(1000, 1000, 0, 0), Points: series(1000, 5000, 5040, 5050, 5030, 5000)}, true, "kept up"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.step
			s.judge()
			if s.Bounded != tt.kept || !strings.Contains(s.Reason, tt.reason) {
				t.Errorf("kept %v (%s), want %v (%s)", s.Bounded, s.Reason, tt.kept, tt.reason)
			}
		})
	}
}

func TestSlope(t *testing.T) {
	if got := slope(series(0, 0, 10, 20, 30)); got != 10 {
		t.Errorf("slope %v, want 10", got)
	}
	if got := slope(series(0, 5)); got != 0 {
		t.Errorf("slope of one point %v, want 0", got)
	}
}

func TestSearch(t *testing.T) {
	var s search
	steps := []struct {
		rate float64
		kept bool
		next float64
	}{
		{1000, true, 1250},
		{1250, true, 1562.5},
		{1562.5, false, 1406.25},
		{1406.25, false, 1328.125},
	}
	for _, st := range steps {
		if got := s.next(st.rate, st.kept); got != st.next {
			t.Fatalf("after %v (kept %v): next %v, want %v", st.rate, st.kept, got, st.next)
		}
	}
	var down search
	if got := down.next(1000, false); got != 750 {
		t.Errorf("first step failed: next %v, want 750", got)
	}
}
