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
	now := h.o.Clock()
	rate, err := h.accept(ctx, raw, now)
	if err != nil {
		h.drop(ctx, raw, err)
		return
	}
	if old, ok := ctx.Value().(*domain.Rate); ok && !replaces(rate, *old, now) {
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

// drop counts, logs and dead-letters a rate that is not applied: refused,
// with its reason, when it decodes but must not be believed; malformed
// otherwise.
func (h handler) drop(ctx goka.Context, raw []byte, err error) {
	reason, refused := refusal(err)
	if refused {
		streams.Refuse(h.o.Observer, h.group, h.topic, reason)
	} else {
		h.o.Observer.Malformed(h.group, h.topic)
	}
	h.deadLetter(ctx, raw, err)
	h.o.Logger.Warn("rate dropped", "group", h.group, "key", ctx.Key(), "reason", reason, "err", err)
}

// replaces reports whether r should be written over old (see
// domain.Rate.Replaces, which the edge's PUT decides with too). The very
// same rate again is no change, so a re-imported file writes nothing.
func replaces(r, old domain.Rate, now time.Time) bool {
	return r.Replaces(old, now) && !sameRate(r, old)
}

func sameRate(a, b domain.Rate) bool {
	return a.Rate == b.Rate && a.Date == b.Date && a.Source == b.Source && a.UpdatedAt.Equal(b.UpdatedAt)
}

// accept decodes raw and validates it as the rate of the message's key,
// and returns it in canonical form.
func (h handler) accept(ctx goka.Context, raw []byte, now time.Time) (domain.Rate, error) {
	switch m, _ := (streams.Lenient[domain.Rate]{}).Decode(raw); m := m.(type) {
	case *streams.Malformed:
		return domain.Rate{}, m
	case *domain.Rate:
		return h.validate(ctx.Key(), *m, ctx.Timestamp(), now)
	default:
		// Lenient only ever yields the two types above.
		return domain.Rate{}, fmt.Errorf("%w: value of type %T", ErrRefused, m)
	}
}

// deadLetter writes a rate that accept refused to the dead-letter topic:
// unknown_schema or malformed when it does not decode, malformed when it
// decodes but is not applied (a refusal's own reason, future_date for
// instance, is in the error detail; the dead-letter reasons are a fixed
// set that tools read).
func (h handler) deadLetter(ctx goka.Context, raw []byte, err error) {
	var m *streams.Malformed
	if errors.As(err, &m) {
		h.dead.Refuse(ctx, m)
		return
	}
	h.dead.Send(ctx, raw, streams.ReasonMalformed, err)
}

func (h handler) validate(key string, r domain.Rate, sent, now time.Time) (domain.Rate, error) {
	switch {
	case r.Currency != key:
		return domain.Rate{}, fmt.Errorf("%w: currency %q under key %q", ErrRefused, r.Currency, key)
	case r.Currency == domain.BaseCurrency:
		return domain.Rate{}, fmt.Errorf("%w: %s is the base, worth 1 by definition", ErrRefused, r.Currency)
	case r.Base != "" && r.Base != domain.BaseCurrency:
		return domain.Rate{}, fmt.Errorf("%w: base %q, only %s is supported", ErrRefused, r.Base, domain.BaseCurrency)
	}
	v, err := domain.NewRate(r.Currency, r.Rate, r.Date, r.Source, updatedAt(r, sent, now))
	if err == nil {
		err = v.CheckNotAhead(now)
	}
	if err != nil {
		return domain.Rate{}, fmt.Errorf("%w: %w", ErrRefused, err)
	}
	return v, nil
}

// updatedAt orders rates of one date. A writer that sets no UpdatedAt gets
// the record's Kafka timestamp, which is the same at every redelivery; the
// clock is the last resort.
func updatedAt(r domain.Rate, sent, now time.Time) time.Time {
	switch {
	case !r.UpdatedAt.IsZero():
		return r.UpdatedAt
	case !sent.IsZero():
		return sent
	}
	return now
}
