package main

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"

	"github.com/txstream/txstream/streams"
)

// produceTopic is the topic of the raw produce ceiling, apart from
// txstream's own so that no processor reads it.
const produceTopic = "txbench-produce-ceiling"

// produceResult is the raw produce ceiling: records acknowledged per
// second by the broker, with txstream's producer settings (idempotent,
// acks=all) and a value of a transaction event's size.
type produceResult struct {
	Seconds      float64 `json:"seconds"`
	Depth        int     `json:"depth"`
	ValueBytes   int     `json:"value_bytes"`
	Acked        int64   `json:"acked"`
	Failed       int64   `json:"failed"`
	Rate         float64 `json:"acked_per_sec"`
	ServerCPU    float64 `json:"server_cpu_cores"`
	HarnessCPU   float64 `json:"harness_cpu_cores"`
	FirstFailure string  `json:"first_failure,omitempty"`
}

// sampleEvent is a transaction event as txstream writes it.
var sampleEvent = []byte(`{"schema":1,"id":"bench-00000000-000001","amount":"100.00","currency":"EUR",` +
	`"target_currency":"USD","metadata":{"channel":"web","customer":"c-4242"},` +
	`"fingerprint":"ccc69db1fe1ec0673b4622a33302572c","received_at":"2026-11-24T23:44:02.889779769Z"}`)

// producer writes into the broker the way txstream's emitters do.
type producer struct {
	emitter *goka.Emitter
	seq     atomic.Int64
	acked   atomic.Int64 // over every run, for the progress display
}

func newProducer(brokers []string, partitions int) (*producer, error) {
	cfg := streams.DefaultConfig()
	cfg.Brokers, cfg.Partitions, cfg.ClientID = brokers, partitions, "txbench"
	tm, err := goka.NewTopicManager(brokers, cfg.Sarama(), cfg.TopicManager())
	if err != nil {
		return nil, fmt.Errorf("topic manager: %w", err)
	}
	err = tm.EnsureStreamExists(produceTopic, partitions)
	if cerr := tm.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("topic %s: %w", produceTopic, err)
	}
	e, err := goka.NewEmitter(brokers, goka.Stream(produceTopic), new(codec.Bytes), cfg.EmitterOptions()...)
	if err != nil {
		return nil, fmt.Errorf("emitter: %w", err)
	}
	return &producer{emitter: e}, nil
}

func (p *producer) close() error { return p.emitter.Finish() }

// run keeps depth records in flight for dur and counts the acknowledged.
func (p *producer) run(ctx context.Context, depth int, dur time.Duration) produceResult {
	ctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	sem := make(chan struct{}, depth)
	var acked, failed atomic.Int64
	var first atomic.Pointer[string]
	start := time.Now()
	for ctx.Err() == nil {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		promise, err := p.emitter.Emit("p-"+strconv.FormatInt(p.seq.Add(1), 10), sampleEvent)
		if err != nil {
			<-sem
			failed.Add(1)
			keepFirst(&first, err)
			continue
		}
		promise.Then(func(err error) {
			if err != nil {
				failed.Add(1)
				keepFirst(&first, err)
			} else if ctx.Err() == nil {
				acked.Add(1)
				p.acked.Add(1)
			}
			<-sem
		})
	}
	elapsed := time.Since(start)
	r := produceResult{Seconds: elapsed.Seconds(), Depth: depth, ValueBytes: len(sampleEvent),
		Acked: acked.Load(), Failed: failed.Load()}
	r.Rate = float64(r.Acked) / r.Seconds
	if f := first.Load(); f != nil {
		r.FirstFailure = *f
	}
	return r
}

func keepFirst(first *atomic.Pointer[string], err error) {
	s := err.Error()
	first.CompareAndSwap(nil, &s)
}
