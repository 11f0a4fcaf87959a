package streams

import (
	"context"
	"errors"
	"fmt"

	"github.com/lovoo/goka"
	"github.com/txstream/txstream/domain"
)

// Producer puts the edge's events on Kafka. Each call returns once the
// brokers acknowledged the record (acks from all in-sync replicas,
// idempotent producer) or ctx ends; the edge answers 201 only after it.
type Producer struct {
	transactions *goka.Emitter
	conversions  *goka.Emitter
	rates        *goka.Emitter
}

// NewProducer connects one emitter per topic the edge writes.
func NewProducer(cfg Config, extra ...goka.EmitterOption) (*Producer, error) {
	opts := append(cfg.EmitterOptions(), extra...)
	tx, err := goka.NewEmitter(cfg.Brokers, goka.Stream(cfg.Topics.Transactions), JSON[domain.TransactionRequested]{}, opts...)
	if err != nil {
		return nil, fmt.Errorf("emitter for %s: %w", cfg.Topics.Transactions, err)
	}
	conv, err := goka.NewEmitter(cfg.Brokers, goka.Stream(cfg.Topics.Conversions), JSON[domain.ConversionRequest]{}, opts...)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("emitter for %s: %w", cfg.Topics.Conversions, err), tx.Finish())
	}
	rates, err := goka.NewEmitter(cfg.Brokers, goka.Stream(cfg.Topics.Rates), JSON[domain.Rate]{}, opts...)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("emitter for %s: %w", cfg.Topics.Rates, err), tx.Finish(), conv.Finish())
	}
	return &Producer{transactions: tx, conversions: conv, rates: rates}, nil
}

// ProduceTransaction writes ev to the transaction topic, keyed by its id.
func (p *Producer) ProduceTransaction(ctx context.Context, ev domain.TransactionRequested) error {
	return emit(ctx, p.transactions, ev.ID, &ev)
}

// ProduceConversion writes req to the conversion topic, keyed by its id.
func (p *Producer) ProduceConversion(ctx context.Context, req domain.ConversionRequest) error {
	return emit(ctx, p.conversions, req.ID, &req)
}

// SetRate writes r to the rates topic, keyed by its currency.
func (p *Producer) SetRate(ctx context.Context, r domain.Rate) error {
	return emit(ctx, p.rates, r.Currency, &r)
}

// Close flushes what is in flight and closes the emitters.
func (p *Producer) Close() error {
	return errors.Join(p.transactions.Finish(), p.conversions.Finish(), p.rates.Finish())
}

// emit waits for the acknowledgement, or for ctx. A record whose wait was
// cut short may still land; the id makes a retry of it harmless.
func emit(ctx context.Context, e *goka.Emitter, key string, value any) error {
	promise, err := e.Emit(key, value)
	if err != nil {
		return fmt.Errorf("emit %s: %w", key, err)
	}
	acked := make(chan error, 1)
	promise.Then(func(err error) { acked <- err })
	select {
	case err := <-acked:
		if err != nil {
			return fmt.Errorf("emit %s: %w", key, err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("emit %s: %w", key, ctx.Err())
	}
}
