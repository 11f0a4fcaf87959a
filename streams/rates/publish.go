package rates

import (
	"context"
	"fmt"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Emitter is the part of a *goka.Emitter that Publish needs.
type Emitter interface {
	Emit(key string, msg any) (*goka.Promise, error)
}

// NewEmitter connects an emitter for the rates topic. It encodes with the
// processor's input codec: the bytes are the same plain JSON as
// streams.JSON[domain.Rate] writes, and goka's tester insists on one codec
// type per topic.
func NewEmitter(cfg streams.Config, extra ...goka.EmitterOption) (*goka.Emitter, error) {
	opts := append(cfg.EmitterOptions(), extra...)
	em, err := goka.NewEmitter(cfg.Brokers, goka.Stream(cfg.Topics.Rates), new(streams.Input[domain.Rate]), opts...)
	if err != nil {
		return nil, fmt.Errorf("emitter for %s: %w", cfg.Topics.Rates, err)
	}
	return em, nil
}

// Publish emits every rate in order, keyed by its currency, and returns once
// the brokers acknowledged all of them, one failed, or ctx ended. progress,
// when not nil, hears after each acknowledgement how many of the total are
// done; it is called from Publish's own goroutine. Records already handed
// to the emitter may still land after an error; publishing again is
// harmless, since the processor keeps a rate only if it supersedes.
func Publish(ctx context.Context, em Emitter, rates []domain.Rate, progress func(done, total int)) error {
	acks := make(chan error, len(rates))
	sent, err := emitAll(ctx, em, rates, acks)
	if werr := awaitAcks(ctx, acks, sent, len(rates), progress); werr != nil && err == nil {
		err = werr
	}
	return err
}

// emitAll hands the rates to the emitter until one is refused or ctx ends,
// and returns how many it handed over. Each acknowledgement lands in acks,
// which has room for all of them, so no callback ever blocks.
func emitAll(ctx context.Context, em Emitter, rates []domain.Rate, acks chan<- error) (int, error) {
	for i := range rates {
		if err := ctx.Err(); err != nil {
			return i, fmt.Errorf("publish rates: %d of %d emitted: %w", i, len(rates), err)
		}
		r := &rates[i]
		promise, err := em.Emit(r.Currency, r)
		if err != nil {
			return i, fmt.Errorf("publish %s of %s: %w", r.Currency, r.Date, err)
		}
		promise.Then(func(err error) {
			if err != nil {
				err = fmt.Errorf("publish %s of %s: %w", r.Currency, r.Date, err)
			}
			acks <- err
		})
	}
	return len(rates), nil
}

// awaitAcks waits for sent acknowledgements and returns the first failure.
func awaitAcks(ctx context.Context, acks <-chan error, sent, total int, progress func(done, total int)) error {
	var first error
	failed, done := 0, 0
	for range sent {
		select {
		case err := <-acks:
			if err != nil {
				failed++
				first = cmpOr(first, err)
				continue
			}
			done++
			if progress != nil {
				progress(done, total)
			}
		case <-ctx.Done():
			return fmt.Errorf("publish rates: %d of %d acknowledged: %w", done, total, ctx.Err())
		}
	}
	if first != nil {
		return fmt.Errorf("publish rates: %d of %d failed, first: %w", failed, total, first)
	}
	return nil
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
