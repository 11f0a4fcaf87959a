package rates

import (
	"errors"
	"fmt"
	"time"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// handler is the group's callback; goka calls it for one key at a time. Its
// fields are read-only, so the partition goroutines share it.
type handler struct {
	group, topic string
	o            Options
	dead         streams.DeadLetters
}

func (h handler) process(ctx goka.Context, msg any) {
	h.o.Observer.Processed(h.group, h.topic)
	raw, ok := h.dead.Admit(ctx, msg)
	if !ok {
		return
	}
	rate, err := h.accept(ctx, raw)
	if err != nil {
		h.refuse(ctx, raw, err)
		h.o.Observer.Malformed(h.group, h.topic)
		h.o.Logger.Warn("rate dropped", "group", h.group, "key", ctx.Key(), "err", err)
		return
	}
	if old, ok := ctx.Value().(*domain.Rate); ok && !replaces(rate, *old) {
		// An older rate, or the stored one again: nothing to change. The
		// stored one again is a redelivery, and is written again: goka
		// updates the local store before the changelog record reaches
		// Kafka, so after a kill -9 the changelog may never have got it.
		if sameRate(rate, *old) {
			ctx.SetValue(old)
		}
		h.o.Observer.Duplicate(h.group, h.topic)
		return
	}
	ctx.SetValue(&rate)
}

// replaces reports whether r should be written over old. The very same rate
// again is no change, so a re-imported file writes nothing.
func replaces(r, old domain.Rate) bool {
	return r.Supersedes(old) && !sameRate(r, old)
}

func sameRate(a, b domain.Rate) bool {
	return a.Rate == b.Rate && a.Date == b.Date && a.Source == b.Source && a.UpdatedAt.Equal(b.UpdatedAt)
}

// accept decodes raw and validates it as the rate of the message's key,
// and returns it in canonical form.
func (h handler) accept(ctx goka.Context, raw []byte) (domain.Rate, error) {
	switch m, _ := (streams.Lenient[domain.Rate]{}).Decode(raw); m := m.(type) {
	case *streams.Malformed:
		return domain.Rate{}, m
	case *domain.Rate:
		return h.validate(ctx.Key(), *m, ctx.Timestamp())
	default:
		// Lenient only ever yields the two types above.
		return domain.Rate{}, fmt.Errorf("%w: value of type %T", ErrRefused, m)
	}
}

// refuse dead-letters a rate that accept refused.
func (h handler) refuse(ctx goka.Context, raw []byte, err error) {
	var m *streams.Malformed
	if errors.As(err, &m) {
		h.dead.Refuse(ctx, m)
		return
	}
	h.dead.Send(ctx, raw, streams.DLQMalformed, err)
}

func (h handler) validate(key string, r domain.Rate, sent time.Time) (domain.Rate, error) {
	switch {
	case r.Currency != key:
		return domain.Rate{}, fmt.Errorf("%w: currency %q under key %q", ErrRefused, r.Currency, key)
	case r.Currency == domain.BaseCurrency:
		return domain.Rate{}, fmt.Errorf("%w: %s is the base, worth 1 by definition", ErrRefused, r.Currency)
	case r.Base != "" && r.Base != domain.BaseCurrency:
		return domain.Rate{}, fmt.Errorf("%w: base %q, only %s is supported", ErrRefused, r.Base, domain.BaseCurrency)
	}
	v, err := domain.NewRate(r.Currency, r.Rate, r.Date, r.Source, h.updatedAt(r, sent))
	if err != nil {
		return domain.Rate{}, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	return v, nil
}

// updatedAt orders rates of one date. A writer that sets no UpdatedAt gets
// the record's Kafka timestamp, which is the same at every redelivery; the
// clock is the last resort.
func (h handler) updatedAt(r domain.Rate, sent time.Time) time.Time {
	switch {
	case !r.UpdatedAt.IsZero():
		return r.UpdatedAt
	case !sent.IsZero():
		return sent
	}
	return h.o.Clock()
}
