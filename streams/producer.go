package streams

import (
	"context"
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
)

// Producer puts the edge's events on Kafka. Each call returns once the
// brokers acknowledged the record (acks from all in-sync replicas,
// idempotent producer) or ctx ends; the edge answers 201 only after it. A
// record not acknowledged fails with a *ProduceError, which is
// ErrNotWritten or ErrOutcomeUnknown.
//
// It is franz-go's client (kgo), not goka's emitter, because every POST
// waits for one acknowledged produce: sarama's idempotent producer keeps one
// request in flight per broker and goka's emitter flushes on a timer, while
// kgo keeps several requests in flight and does not linger, so a record's
// ack comes several times sooner for less client CPU (BENCHMARKS.md,
// "Produce path: sarama or kgo"). The records are the same: topics, keys,
// partitions (KeyPartitioner) and JSON values (the JSON codecs). goka's
// emitters remain where no client waits.
type Producer struct {
	client       *kgo.Client
	topics       Topics
	closeTimeout time.Duration
}

// NewProducer connects one client for the topics the edge writes and
// checks that a broker answers, within cfg.ProduceTimeout. extra are more
// client options, such as a logger (kgo.WithLogger); they cannot undo the
// delivery guarantees of ProducerOptions, which come last.
func NewProducer(cfg Config, extra ...kgo.Opt) (*Producer, error) {
	client, err := kgo.NewClient(append(extra, ProducerOptions(cfg)...)...)
	if err != nil {
		return nil, fmt.Errorf("producer client: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ProduceTimeout)
	defer cancel()
	if err := client.Ping(ctx); err != nil {
		client.Close()
		return nil, fmt.Errorf("producer client: brokers %v: %w", cfg.Brokers, err)
	}
	return &Producer{client: client, topics: cfg.Topics, closeTimeout: cfg.ProduceTimeout}, nil
}

// ProduceTransaction writes ev to the transaction topic, keyed by its id.
func (p *Producer) ProduceTransaction(ctx context.Context, ev domain.TransactionRequested) error {
	return p.produce(ctx, p.topics.Transactions, ev.ID, JSON[domain.TransactionRequested]{}, &ev)
}

// ProduceConversion writes req to the conversion topic, keyed by its id.
func (p *Producer) ProduceConversion(ctx context.Context, req domain.ConversionRequest) error {
	return p.produce(ctx, p.topics.Conversions, req.ID, JSON[domain.ConversionRequest]{}, &req)
}

// SetRate writes r to the rates topic, keyed by its currency.
func (p *Producer) SetRate(ctx context.Context, r domain.Rate) error {
	return p.produce(ctx, p.topics.Rates, r.Currency, JSON[domain.Rate]{}, &r)
}

// Close waits up to the produce timeout for the records in flight, then
// closes the client; records still unanswered then fail.
func (p *Producer) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), p.closeTimeout)
	defer cancel()
	err := p.client.Flush(ctx)
	p.client.Close()
	if err != nil {
		return fmt.Errorf("flush producer: %w", err)
	}
	return nil
}

// encoder is the encoding half of a goka codec (JSON[T]).
type encoder interface {
	Encode(value any) ([]byte, error)
}

// produce waits for the acknowledgement, or for ctx. A failure is a
// *ProduceError that says whether the record may have been written
// (classifyProduce, awaitVerdict).
func (p *Producer) produce(ctx context.Context, topic, key string, codec encoder, value any) error {
	data, err := codec.Encode(value)
	if err != nil {
		return fmt.Errorf("produce %s %s: %w", topic, key, err)
	}
	acked := make(chan error, 1)
	p.client.Produce(ctx, &kgo.Record{Topic: topic, Key: []byte(key), Value: data},
		func(_ *kgo.Record, err error) { acked <- err })
	return awaitVerdict(ctx, acked, topic, key)
}
