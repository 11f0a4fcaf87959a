package main

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

func TestRecorderPercentilesAndOutcomes(t *testing.T) {
	rec := newRecorder()
	var wg sync.WaitGroup
	// 1..1000 ms, one each, from many workers.
	for w := range 10 {
		wg.Go(func() {
			for i := w*100 + 1; i <= (w+1)*100; i++ {
				outcome := "201"
				if i%100 == 0 {
					outcome = "503"
				}
				rec.record(w, outcome, time.Duration(i)*time.Millisecond)
			}
		})
	}
	wg.Wait()
	h, outcomes := rec.merged()
	s := summarize(h)
	checks := []struct {
		name      string
		got, want float64
	}{
		{"count", float64(s.Count), 1000},
		{"p50", s.P50, 500},
		{"p90", s.P90, 900},
		{"p99", s.P99, 990},
		{"p99.9", s.P999, 999},
		{"max", s.Max, 1000},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > c.want*0.002 {
			t.Errorf("%s = %v, want %v (±0.2%%)", c.name, c.got, c.want)
		}
	}
	if outcomes["201"] != 990 || outcomes["503"] != 10 || errorCount(outcomes) != 10 {
		t.Errorf("outcomes %v", outcomes)
	}
}

func TestOutcomeOf(t *testing.T) {
	tests := []struct {
		name   string
		status int
		err    error
		want   string
	}{
		{"created", 201, nil, "201"},
		{"overloaded", 503, nil, "503"},
		{"timeout", 0, fasthttp.ErrTimeout, "timeout"},
		{"wrapped timeout", 0, fmt.Errorf("do: %w", fasthttp.ErrTimeout), "timeout"},
		{"closed", 0, fasthttp.ErrConnectionClosed, "conn_closed"},
		{"other", 0, errors.New("connection refused"), "conn_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := outcomeOf(tt.status, tt.err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLatencyOutOfRangeIsClamped(t *testing.T) {
	rec := newRecorder()
	rec.record(0, "201", 0)
	rec.record(0, "201", time.Hour)
	h, _ := rec.merged()
	if h.TotalCount() != 2 {
		t.Fatalf("recorded %d of 2", h.TotalCount())
	}
	if got := summarize(h).Max; got < float64(5*time.Minute/time.Millisecond)*0.99 {
		t.Errorf("an hour was recorded as %v ms, want the 5 min ceiling", got)
	}
}
