package main

import (
	"errors"
	"maps"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/valyala/fasthttp"
)

// Latencies are recorded in microseconds from 1 µs to 5 minutes with three
// significant digits.
const (
	histMin     = 1
	histMax     = int64(5 * time.Minute / time.Microsecond)
	histSigFigs = 3
)

func newHist() *hdrhistogram.Histogram { return hdrhistogram.New(histMin, histMax, histSigFigs) }

// recorder collects the outcomes of one run from many workers. Workers
// share a few locked shards: one histogram per worker would cost hundreds
// of kilobytes each at 256 workers.
type recorder struct {
	shards []shard
}

type shard struct {
	mu       sync.Mutex
	hist     *hdrhistogram.Histogram
	outcomes map[string]int64 // status code, or transport error kind
}

const recorderShards = 16

func newRecorder() *recorder {
	r := &recorder{shards: make([]shard, recorderShards)}
	for i := range r.shards {
		r.shards[i].hist = newHist()
		r.shards[i].outcomes = map[string]int64{}
	}
	return r
}

// record adds one request of worker w: its outcome and its latency.
func (r *recorder) record(w int, outcome string, latency time.Duration) {
	s := &r.shards[w%len(r.shards)]
	us := max(int64(latency/time.Microsecond), histMin)
	s.mu.Lock()
	_ = s.hist.RecordValue(min(us, histMax))
	s.outcomes[outcome]++
	s.mu.Unlock()
}

// merged returns one histogram and the outcome counts of every shard.
func (r *recorder) merged() (*hdrhistogram.Histogram, map[string]int64) {
	h, outcomes := newHist(), map[string]int64{}
	for i := range r.shards {
		s := &r.shards[i]
		s.mu.Lock()
		h.Merge(s.hist)
		for k, v := range s.outcomes {
			outcomes[k] += v
		}
		s.mu.Unlock()
	}
	return h, outcomes
}

// outcomeOf names a request's outcome: its status code, or the kind of
// transport error when there was no answer.
func outcomeOf(status int, err error) string {
	if err == nil {
		return strconv.Itoa(status)
	}
	var ne net.Error
	switch {
	case errors.Is(err, fasthttp.ErrTimeout), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, fasthttp.ErrNoFreeConns):
		return "no_free_conns"
	case errors.Is(err, fasthttp.ErrConnectionClosed):
		return "conn_closed"
	}
	return "conn_error"
}

// latencySummary is the percentiles of a histogram, in milliseconds.
type latencySummary struct {
	Count int64   `json:"count"`
	Mean  float64 `json:"mean_ms"`
	P50   float64 `json:"p50_ms"`
	P90   float64 `json:"p90_ms"`
	P99   float64 `json:"p99_ms"`
	P999  float64 `json:"p999_ms"`
	Max   float64 `json:"max_ms"`
}

func summarize(h *hdrhistogram.Histogram) latencySummary {
	ms := func(us int64) float64 { return float64(us) / 1000 }
	if h.TotalCount() == 0 {
		return latencySummary{}
	}
	return latencySummary{
		Count: h.TotalCount(),
		Mean:  h.Mean() / 1000,
		P50:   ms(h.ValueAtQuantile(50)),
		P90:   ms(h.ValueAtQuantile(90)),
		P99:   ms(h.ValueAtQuantile(99)),
		P999:  ms(h.ValueAtQuantile(99.9)),
		Max:   ms(h.Max()),
	}
}

// errorCount is every outcome but 201 (and the 200 of a long poll).
func errorCount(outcomes map[string]int64) int64 {
	var n int64
	for k, v := range outcomes {
		if k != "201" && k != "200" {
			n += v
		}
	}
	return n
}

func cloneOutcomes(m map[string]int64) map[string]int64 { return maps.Clone(m) }
