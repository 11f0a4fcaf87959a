package main

import (
	"context"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/valyala/fasthttp"
)

// e2eSampler measures end-to-end latency on one accepted transaction in
// every: a waiter long-polls GET /transactions/{id}?wait= and takes the
// terminal status change's timestamp, set by the processor on this
// machine's clock, minus the POST's send time. The timestamp, not the
// moment the long poll returns, ends the latency, so a sample is exact
// even when its waiter started late.
type e2eSampler struct {
	every  int64
	queue  chan e2eTicket
	client *fasthttp.HostClient
	prefix string // http://addr/transactions/
	wait   time.Duration
	auth   string // the Authorization value of every GET; "" for none

	mu  sync.Mutex
	cur *e2eBucket
}

type e2eTicket struct {
	id     string
	sentAt time.Time
	bucket *e2eBucket
}

// e2eBucket collects the samples of one run.
type e2eBucket struct {
	mu         sync.Mutex
	hist       *hdrhistogram.Histogram
	statuses   map[string]int64
	dropped    int64        // no waiter free: not sampled
	unfinished int64        // not terminal when the long poll ended, or it failed
	pending    atomic.Int64 // offered and not answered yet
}

// e2eSummary is the end-to-end latency of one run.
type e2eSummary struct {
	latencySummary
	Statuses   map[string]int64 `json:"statuses"`
	Dropped    int64            `json:"dropped"`
	Unfinished int64            `json:"unfinished"`
}

func newE2ESampler(addr string, every, waiters int, wait time.Duration) *e2eSampler {
	return &e2eSampler{
		every: int64(every),
		queue: make(chan e2eTicket, waiters*64),
		client: &fasthttp.HostClient{Addr: addr, MaxConns: waiters, ReadTimeout: wait + 10*time.Second,
			WriteTimeout: 10 * time.Second, NoDefaultUserAgentHeader: true},
		prefix: "http://" + addr + "/transactions/",
		wait:   wait,
	}
}

// begin starts a new bucket; samples offered from now on go into it.
func (s *e2eSampler) begin() *e2eBucket {
	b := &e2eBucket{hist: newHist(), statuses: map[string]int64{}}
	s.mu.Lock()
	s.cur = b
	s.mu.Unlock()
	return b
}

// offer samples the n-th accepted transaction if its turn has come.
func (s *e2eSampler) offer(n int64, id string, sentAt time.Time) {
	if n%s.every != 0 {
		return
	}
	s.mu.Lock()
	b := s.cur
	s.mu.Unlock()
	if b == nil {
		return
	}
	b.pending.Add(1)
	select {
	case s.queue <- e2eTicket{id: id, sentAt: sentAt, bucket: b}:
	default:
		b.pending.Add(-1)
		b.mu.Lock()
		b.dropped++
		b.mu.Unlock()
	}
}

// run starts waiters goroutines; they stop when ctx ends.
func (s *e2eSampler) run(ctx context.Context, waiters int) *sync.WaitGroup {
	var wg sync.WaitGroup
	for range waiters {
		wg.Go(func() { s.waiter(ctx) })
	}
	return &wg
}

func (s *e2eSampler) waiter(ctx context.Context) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	for {
		select {
		case <-ctx.Done():
			return
		case t := <-s.queue:
			req.SetRequestURI(s.prefix + t.id + "?wait=" + s.wait.String())
			if s.auth != "" {
				req.Header.Set(fasthttp.HeaderAuthorization, s.auth)
			}
			err := s.client.Do(req, resp)
			t.bucket.add(t.sentAt, resp.StatusCode(), resp.Body(), err)
			t.bucket.pending.Add(-1)
		}
	}
}

// terminalAnswer is what a sample needs of GET /transactions/{id}.
type terminalAnswer struct {
	Transaction struct {
		Status    string    `json:"status"`
		UpdatedAt time.Time `json:"updated_at"`
	} `json:"transaction"`
}

func (b *e2eBucket) add(sentAt time.Time, status int, body []byte, err error) {
	var a terminalAnswer
	ok := err == nil && status == fasthttp.StatusOK && json.Unmarshal(body, &a) == nil
	terminal := ok && (a.Transaction.Status == "completed" || a.Transaction.Status == "failed")
	b.mu.Lock()
	defer b.mu.Unlock()
	if !terminal {
		b.unfinished++
		return
	}
	b.statuses[a.Transaction.Status]++
	us := max(a.Transaction.UpdatedAt.Sub(sentAt).Microseconds(), histMin)
	_ = b.hist.RecordValue(min(us, histMax))
}

// summary waits up to timeout for the bucket's samples, then summarizes.
func (b *e2eBucket) summary(timeout time.Duration) *e2eSummary {
	deadline := time.Now().Add(timeout)
	for b.pending.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // a report's wait, not a test's synchronization
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return &e2eSummary{latencySummary: summarize(b.hist), Statuses: cloneOutcomes(b.statuses),
		Dropped: b.dropped, Unfinished: b.unfinished}
}
