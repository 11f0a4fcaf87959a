package main

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
)

// produceTopic is the topic of the raw produce ceiling, apart from
// txstream's own so that no processor reads it.
const produceTopic = "txbench-produce-ceiling"

// produceResult is the raw produce ceiling: records acknowledged per
// second by the broker, with txstream's producer settings (idempotent,
// acks=all) and a value of a transaction event's size, and how long each
// record waited for its acknowledgement.
type produceResult struct {
	Client       string  `json:"client"`
	Seconds      float64 `json:"seconds"`
	Depth        int     `json:"depth"`
	ValueBytes   int     `json:"value_bytes"`
	Acked        int64   `json:"acked"`
	Failed       int64   `json:"failed"`
	Rate         float64 `json:"acked_per_sec"`
	AckP50       float64 `json:"ack_p50_ms"`
	AckP99       float64 `json:"ack_p99_ms"`
	AckP999      float64 `json:"ack_p999_ms"`
	ServerCPU    float64 `json:"server_cpu_cores"`
	HarnessCPU   float64 `json:"harness_cpu_cores"`
	ServerUS     float64 `json:"server_cpu_us_per_record,omitempty"`
	HarnessUS    float64 `json:"harness_cpu_us_per_record,omitempty"`
	FirstFailure string  `json:"first_failure,omitempty"`
}

// perRecord fills the CPU per acknowledged record from the cores measured
// over the run.
func (r *produceResult) perRecord() {
	if r.Acked == 0 {
		return
	}
	us := r.Seconds * 1e6 / float64(r.Acked)
	r.ServerUS, r.HarnessUS = r.ServerCPU*us, r.HarnessCPU*us
}

// sampleEvent is a transaction event as txstream writes it.
var sampleEvent = []byte(`{"schema":1,"id":"bench-00000000-000001","amount":"100.00","currency":"EUR",` +
	`"target_currency":"USD","metadata":{"channel":"web","customer":"c-4242"},` +
	`"fingerprint":"ccc69db1fe1ec0673b4622a33302572c","received_at":"2026-11-24T23:44:02.889779769Z"}`)

// produceClient is one Kafka client writing records the way txstream's
// producer would.
type produceClient interface {
	// send hands one keyed record over; done is called once with the
	// brokers' answer unless send itself fails.
	send(key string, value []byte, done func(error)) error
	close() error
}

// The clients txbench produce can compare.
const (
	clientSarama = "sarama"      // goka's emitter over sarama, txstream's emitter settings
	clientKgo    = "kgo"         // franz-go's client with txstream's producer options
	clientASAP   = "sarama-asap" // the emitter without the 1 ms flush tick
)

// producer writes into the broker the way txstream's producer does.
type producer struct {
	name   string
	client produceClient
	seq    atomic.Int64
	acked  atomic.Int64 // over every run, for the progress display
}

// newProducer is the client of txstream's producer (streams.Producer):
// franz-go's, with streams.ProducerOptions.
func newProducer(brokers []string, partitions int) (*producer, error) {
	return newProducerOf(clientKgo, brokers, partitions)
}

// newProducerOf creates the topic if needed and connects the named client.
func newProducerOf(name string, brokers []string, partitions int) (*producer, error) {
	cfg := streams.DefaultConfig()
	cfg.Brokers, cfg.Partitions, cfg.ClientID = brokers, partitions, "txbench"
	if err := ensureTopic(cfg, produceTopic); err != nil {
		return nil, err
	}
	var (
		c   produceClient
		err error
	)
	switch name {
	case clientSarama:
		c, err = newSaramaClient(cfg, produceTopic)
	case clientKgo:
		c, err = newKgoClient(cfg, produceTopic)
	case clientASAP:
		c, err = newSaramaASAPClient(cfg, produceTopic)
	default:
		err = fmt.Errorf("%w: --client: %q, want %s, %s or %s", errUsage, name, clientSarama, clientKgo, clientASAP)
	}
	if err != nil {
		return nil, err
	}
	return &producer{name: name, client: c}, nil
}

// ensureTopic creates topic with cfg.Partitions unless it exists.
func ensureTopic(cfg streams.Config, topic string) error {
	tm, err := goka.NewTopicManager(cfg.Brokers, cfg.Sarama(), cfg.TopicManager())
	if err != nil {
		return fmt.Errorf("topic manager: %w", err)
	}
	err = tm.EnsureStreamExists(topic, cfg.Partitions)
	if cerr := tm.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("topic %s: %w", topic, err)
	}
	return nil
}

func (p *producer) close() error { return p.client.close() }

// run keeps depth records in flight for dur, counts the acknowledged and
// records how long each waited for its answer.
func (p *producer) run(ctx context.Context, depth int, dur time.Duration) produceResult {
	ctx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	sem := make(chan struct{}, depth)
	rec := newRecorder()
	var acked, failed atomic.Int64
	var first atomic.Pointer[string]
	start := time.Now()
	for ctx.Err() == nil {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		n := p.seq.Add(1)
		sent := time.Now()
		err := p.client.send("p-"+strconv.FormatInt(n, 10), sampleEvent, func(err error) {
			if err != nil {
				failed.Add(1)
				keepFirst(&first, err)
			} else if ctx.Err() == nil {
				rec.record(int(n), "acked", time.Since(sent))
				acked.Add(1)
				p.acked.Add(1)
			}
			<-sem
		})
		if err != nil {
			<-sem
			failed.Add(1)
			keepFirst(&first, err)
		}
	}
	elapsed := time.Since(start)
	return p.result(elapsed, depth, acked.Load(), failed.Load(), rec, first.Load())
}

func (p *producer) result(elapsed time.Duration, depth int, acked, failed int64, rec *recorder, first *string) produceResult {
	r := produceResult{Client: p.name, Seconds: elapsed.Seconds(), Depth: depth, ValueBytes: len(sampleEvent),
		Acked: acked, Failed: failed}
	r.Rate = float64(r.Acked) / r.Seconds
	h, _ := rec.merged()
	r.AckP50, r.AckP99, r.AckP999 = ms(h.ValueAtQuantile(50)), ms(h.ValueAtQuantile(99)), ms(h.ValueAtQuantile(99.9))
	if first != nil {
		r.FirstFailure = *first
	}
	return r
}

// ms converts a histogram value in microseconds to milliseconds.
func ms(us int64) float64 { return float64(us) / 1000 }

func keepFirst(first *atomic.Pointer[string], err error) {
	s := err.Error()
	first.CompareAndSwap(nil, &s)
}
