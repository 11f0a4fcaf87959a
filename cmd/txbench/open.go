package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// openLoop sends rate requests per second for dur, whatever the server
// does, over at most conns connections. Each request has an intended send
// time on a fixed schedule; its latency runs from that time, so requests
// that queue behind a stalled server count the stall (no coordinated
// omission). Requests still queued grace after the schedule ended are not
// sent and are counted as unsent.
func (d *driver) openLoop(ctx context.Context, name string, rate float64, conns int, dur, grace time.Duration) runResult {
	rec, svc := newRecorder(), newRecorder()
	total := int64(dur.Seconds() * rate)
	tickets := make(chan time.Time, min(total, 1<<20))
	start := time.Now()
	stopAt := start.Add(dur + grace)
	go schedule(ctx, tickets, start, rate, total)
	var unsent atomic.Int64
	var wg sync.WaitGroup
	for w := range conns {
		wg.Go(func() {
			p := d.poster()
			defer p.release()
			for at := range tickets {
				if ctx.Err() != nil || time.Now().After(stopAt) {
					unsent.Add(1)
					continue
				}
				sent := time.Now()
				outcome := p.post(at)
				done := time.Now()
				rec.record(w, outcome, done.Sub(at))
				svc.record(w, outcome, done.Sub(sent))
			}
		})
	}
	wg.Wait()
	r := runResult{Name: name, Mode: "open", Conns: conns, TargetRate: rate}
	r.finish(rec, time.Since(start))
	r.Unsent = unsent.Load()
	h, _ := svc.merged()
	s := summarize(h)
	r.Service = &s
	return r
}

// schedule issues total tickets, the i-th due at start + i/rate. It
// sleeps only until the next ticket is due, so a late wake-up releases
// every ticket that became due meanwhile, each with its own intended time.
func schedule(ctx context.Context, tickets chan<- time.Time, start time.Time, rate float64, total int64) {
	defer close(tickets)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for i := range total {
		at := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		if wait := time.Until(at); wait > 0 {
			timer.Reset(wait) // since Go 1.23 a Reset timer never delivers a stale value
			select {
			case <-timer.C:
			case <-ctx.Done():
				return
			}
		}
		select {
		case tickets <- at:
		case <-ctx.Done():
			return
		}
	}
}
