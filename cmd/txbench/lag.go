package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// lagPoint is the processing progress at one moment of a run: what the
// harness had accepted (201s) and what the server had finished.
type lagPoint struct {
	T           float64 `json:"t"` // seconds since the watch started
	Accepted    float64 `json:"accepted"`
	Finished    float64 `json:"finished"`
	Lag         float64 `json:"lag"`          // accepted - finished: transactions not terminal yet
	ConsumerLag float64 `json:"consumer_lag"` // txstream_goka_consumer_lag_messages, all groups
}

// lagWatch scrapes the server while a run goes on.
type lagWatch struct {
	s     *scraper
	live  *live
	every time.Duration
}

func (w *lagWatch) point(start time.Time) (lagPoint, error) {
	accepted := float64(w.live.accepted.Load())
	p, err := w.s.point()
	if err != nil {
		return lagPoint{}, err
	}
	return lagPoint{T: p.At.Sub(start).Seconds(), Accepted: accepted, Finished: p.Finished,
		Lag: max(accepted-p.Finished, 0), ConsumerLag: p.Lag}, nil
}

// during runs run while sampling the lag every w.every.
func (w *lagWatch) during(run func()) []lagPoint {
	start := time.Now()
	var points []lagPoint
	var mu sync.Mutex
	add := func() {
		if p, err := w.point(start); err == nil {
			mu.Lock()
			points = append(points, p)
			mu.Unlock()
		}
	}
	add()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(w.every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				add()
			}
		}
	})
	run()
	close(stop)
	wg.Wait()
	add()
	return points
}

// drainResult is how long processing took to catch up after a run.
type drainResult struct {
	Seconds  float64 `json:"seconds"`
	LagStart float64 `json:"lag_start"`
	LagEnd   float64 `json:"lag_end"`
	Caught   bool    `json:"caught_up"`
}

// drain waits until every accepted transaction is terminal, or timeout.
func (w *lagWatch) drain(ctx context.Context, timeout time.Duration) (drainResult, error) {
	start := time.Now()
	first, err := w.point(start)
	if err != nil {
		return drainResult{}, err
	}
	r := drainResult{LagStart: first.Lag, LagEnd: first.Lag}
	for r.LagEnd > 0 {
		if time.Since(start) > timeout {
			r.Seconds = time.Since(start).Seconds()
			return r, fmt.Errorf("%w: %.0f transactions not terminal after %s", errDrain, r.LagEnd, timeout)
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		p, err := w.point(start)
		if err != nil {
			return r, err
		}
		r.LagEnd = p.Lag
	}
	r.Seconds, r.Caught = time.Since(start).Seconds(), true
	return r, nil
}
