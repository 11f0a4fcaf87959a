package main

import (
	"bytes"
	"context"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// batchPoster is one worker's reusable POST /transactions/batch request.
type batchPoster struct {
	d    *driver
	gen  *generator
	req  *fasthttp.Request
	resp *fasthttp.Response
	body []byte
}

func (d *driver) batchPoster() *batchPoster {
	p := d.poster() // the same headers; only the URI and the body differ
	p.req.SetRequestURI(d.uri + "/batch")
	return &batchPoster{d: d, gen: p.gen, req: p.req, resp: p.resp}
}

func (p *batchPoster) release() {
	fasthttp.ReleaseRequest(p.req)
	fasthttp.ReleaseResponse(p.resp)
}

// created marks an item answered 201; a refused item's problem carries
// its status after other members, never right after "problem".
var created = []byte(`"status":201`)

// post sends one batch of n new transactions and returns its outcome and
// the items created. The answer is scanned, not decoded: the harness
// shares the server's cores.
func (p *batchPoster) post(n int) (string, int) {
	b := append(p.body[:0], `{"transactions":[`...)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		item, _, _ := p.gen.body()
		b = append(b, item...)
	}
	b = append(b, "]}"...)
	p.body = b
	p.req.SetBodyRaw(b)
	p.d.live.sent.Add(int64(n))
	err := p.d.client.Do(p.req, p.resp)
	status := p.resp.StatusCode()
	ok := 0
	if err == nil && status == fasthttp.StatusOK {
		ok = bytes.Count(p.resp.Body(), created)
	}
	p.d.live.accepted.Add(int64(ok))
	p.d.live.failed.Add(int64(n - ok))
	return outcomeOf(status, err), ok
}

// closedBatches keeps conns batches of size items in flight for dur. The
// result's latency and outcomes are the batches'; Sent is batches, and
// Accepted and Rate count transactions.
func (d *driver) closedBatches(ctx context.Context, name string, conns, size int, dur time.Duration) runResult {
	var accepted atomic.Int64
	r := d.closedWith(ctx, name, conns, dur, func() bool { return true }, func() (func(time.Time) string, func()) {
		p := d.batchPoster()
		return func(time.Time) string {
			outcome, ok := p.post(size)
			accepted.Add(int64(ok))
			return outcome
		}, p.release
	})
	r.Accepted = accepted.Load()
	r.Rate = float64(r.Accepted) / max(r.Seconds, 1e-9)
	return r
}

// batches is the closed loop of batches against txstream, with processing
// running beside it as in the ingest phase: transactions accepted per
// second through batches, against the single POSTs of the same run.
func (b *bench) batches(ctx context.Context, d *driver) error {
	size, conns := b.cfg.BatchSize, b.cfg.BatchConns
	phase(b.prog, "batch warm-up", b.cfg.Warmup, b.counts, func() runResult {
		return d.closedBatches(ctx, "batch warm-up", conns, size, b.cfg.Warmup)
	})
	b.drain(ctx, "batch warm-up")
	profiled := b.profileRun("batch", b.cfg.BatchDur)
	r, _ := b.measured("batches (closed)", b.cfg.BatchDur, func() runResult {
		return d.closedBatches(ctx, "batches", conns, size, b.cfg.BatchDur)
	})
	profiled()
	b.rep.Batch = batchResult{runResult: r, Size: size, BatchesPerSec: float64(r.Sent) / max(r.Seconds, 1e-9)}
	b.rep.BatchDrain = b.drain(ctx, "batches")
	b.prog.logf("batches of %d: %.0f tx/s accepted (%.1f× the single POSTs' %.0f/s), batch p99 %.2f ms; drained in %.1fs",
		size, r.Rate, r.Rate/max(b.rep.Ingest.Rate, 1), b.rep.Ingest.Rate, r.Latency.P99, b.rep.BatchDrain.Seconds)
	return ctx.Err()
}

// batchResult is the batch phase: a run whose rate counts transactions,
// and the batches it took.
type batchResult struct {
	runResult
	Size          int     `json:"batch_size"`
	BatchesPerSec float64 `json:"batches_per_sec"`
}
