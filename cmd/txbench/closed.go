package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// runResult is one measured run of the load generator.
type runResult struct {
	Name       string           `json:"name"`
	Mode       string           `json:"mode"` // closed or open
	Conns      int              `json:"conns"`
	TargetRate float64          `json:"target_rate,omitempty"`
	Seconds    float64          `json:"seconds"`
	Sent       int64            `json:"sent"`
	Accepted   int64            `json:"accepted"`
	Rate       float64          `json:"accepted_per_sec"`
	Outcomes   map[string]int64 `json:"outcomes"`
	Errors     int64            `json:"errors"`
	Unsent     int64            `json:"unsent,omitempty"` // open loop: tickets never sent
	// Latency of a POST: closed loop from the send; open loop from the
	// intended send time (coordinated omission corrected).
	Latency latencySummary `json:"post_latency"`
	// Service is the open loop's latency from the actual send.
	Service    *latencySummary `json:"post_service_time,omitempty"`
	E2E        *e2eSummary     `json:"end_to_end,omitempty"`
	ServerCPU  float64         `json:"server_cpu_cores"`
	HarnessCPU float64         `json:"harness_cpu_cores"`
	ServerRSS  float64         `json:"server_rss_mib_end"`
	Load       [3]float64      `json:"loadavg_end"`
}

func (r *runResult) finish(rec *recorder, elapsed time.Duration) {
	h, outcomes := rec.merged()
	r.Seconds = elapsed.Seconds()
	r.Outcomes = outcomes
	r.Accepted = outcomes["201"]
	r.Errors = errorCount(outcomes)
	r.Sent = h.TotalCount()
	r.Latency = summarize(h)
	if r.Seconds > 0 {
		r.Rate = float64(r.Accepted) / r.Seconds
	}
	r.Load = loadAvg()
}

// closedLoop keeps conns requests in flight for dur: each worker sends
// the next request as soon as the previous one is answered.
func (d *driver) closedLoop(ctx context.Context, name string, conns int, dur time.Duration) runResult {
	return d.closed(ctx, name, conns, dur, func() bool { return true })
}

// closedCount is a closed loop that stops after n requests.
func (d *driver) closedCount(ctx context.Context, name string, conns int, n int64) runResult {
	var budget atomic.Int64
	budget.Store(n)
	return d.closed(ctx, name, conns, 0, func() bool { return budget.Add(-1) >= 0 })
}

// closed runs conns workers, each sending its next request as soon as the
// previous one is answered, while ctx lasts, dur (when set) has not passed
// since the start, and more allows another.
func (d *driver) closed(ctx context.Context, name string, conns int, dur time.Duration, more func() bool) runResult {
	return d.closedWith(ctx, name, conns, dur, more, func() (func(time.Time) string, func()) {
		p := d.poster()
		return p.post, p.release
	})
}

// closedWith is closed with the requests of newWorker: each worker's send
// sends one request and returns its outcome; release frees its state.
func (d *driver) closedWith(ctx context.Context, name string, conns int, dur time.Duration, more func() bool,
	newWorker func() (send func(sentAt time.Time) string, release func())) runResult {
	rec := newRecorder()
	start := time.Now()
	if dur > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, start.Add(dur))
		defer cancel()
	}
	var wg sync.WaitGroup
	for w := range conns {
		wg.Go(func() {
			send, release := newWorker()
			defer release()
			for ctx.Err() == nil && more() {
				t := time.Now()
				outcome := send(t)
				rec.record(w, outcome, time.Since(t))
			}
		})
	}
	wg.Wait()
	r := runResult{Name: name, Mode: "closed", Conns: conns}
	r.finish(rec, time.Since(start))
	return r
}
