package conversions

import (
	"fmt"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// handler is the group's callback; goka calls it for one key at a time. Its
// fields are read-only, so the partition goroutines share it.
type handler struct {
	group, topic string
	results      goka.Stream
	rates        RateReader
	o            Options
	dead         streams.DeadLetters
}

func (h handler) process(ctx goka.Context, msg any) {
	h.o.Observer.Processed(h.group, h.topic)
	raw, ok := h.dead.Admit(ctx, msg)
	if !ok {
		return
	}
	switch m, _ := (streams.Lenient[domain.ConversionRequest]{}).Decode(raw); m := m.(type) {
	case *domain.ConversionRequest:
		h.request(ctx, raw, m)
	case *streams.Malformed:
		h.dead.Refuse(ctx, m)
		h.malformed(ctx, probe(m.Raw), m.Err)
	}
}

// request handles a decoded request. goka commits the input offset only
// after the table write and the emit are acknowledged, so a crash in
// between redelivers the request, which then takes the duplicate path and
// emits the stored result again.
func (h handler) request(ctx goka.Context, raw []byte, req *domain.ConversionRequest) {
	if err := addressed(ctx.Key(), *req); err != nil {
		h.dead.Send(ctx, raw, streams.ReasonMalformed, err)
		h.malformed(ctx, *req, err)
		return
	}
	c := check(*req)
	stored, _ := ctx.Value().(*domain.Conversion)
	switch {
	case stored == nil:
		h.convert(ctx, c)
	case stored.Fingerprint == c.req.Fingerprint:
		h.duplicate(ctx, c, stored)
	default:
		h.conflict(ctx, c, stored)
	}
}

func (h handler) convert(ctx goka.Context, c checked) {
	conv := record(c, h.lookup(ctx), h.o.Clock(), h.o.MaxRateAge)
	data, err := codec{}.Encode(&conv)
	if err != nil {
		ctx.Fail(fmt.Errorf("encode conversion %s: %w", conv.ID, err))
	}
	// The table and the result carry the same record: one encoding (and
	// one interface value for both).
	value := any(encoded(data))
	ctx.SetValue(value)
	h.answer(ctx, c, value)
	h.o.Observer.Converted(conv)
}

// duplicate computes nothing again; a linked request gets the stored result
// once more, since the first emit may be what a crash lost. The stored value
// is written again for the same reason: goka updates the local store before
// the changelog record reaches Kafka, so the changelog may never have got it.
func (h handler) duplicate(ctx goka.Context, c checked, stored *domain.Conversion) {
	ctx.SetValue(stored)
	h.answer(ctx, c, stored)
	h.o.Observer.Duplicate(h.group, h.topic)
}

// conflict keeps the stored conversion and counts the attempt. A linked
// request is answered with a failure under its own fingerprint, so that its
// transaction ends instead of waiting in converting.
func (h handler) conflict(ctx goka.Context, c checked, stored *domain.Conversion) {
	stored.Conflicts++
	ctx.SetValue(stored)
	if c.linked() {
		res := failed(c.req, domain.ReasonConflict, h.o.Clock())
		h.answer(ctx, c, &res)
	}
	h.o.Observer.Conflict(h.group, h.topic)
	h.o.Logger.Warn("conversion id reused with another request; kept the first",
		"group", h.group, "key", ctx.Key(), "linked", c.linked())
}

// malformed drops what cannot be read or is misaddressed. When a
// transaction visibly waits for it, that transaction is told it failed.
func (h handler) malformed(ctx goka.Context, req domain.ConversionRequest, err error) {
	if waiter, ok := waiting(ctx.Key(), req); ok {
		res := failed(waiter, domain.ReasonMalformedEvent, h.o.Clock())
		ctx.Emit(h.results, res.TransactionID, &res)
	}
	h.o.Observer.Malformed(h.group, h.topic)
	h.o.Logger.Warn("conversion request dropped", "group", h.group, "key", ctx.Key(), "err", err)
}

// answer sends a linked request's result (a *domain.Conversion or its
// encoding) to its transaction.
func (h handler) answer(ctx goka.Context, c checked, res any) {
	if c.linked() {
		ctx.Emit(h.results, c.req.TransactionID, res)
	}
}

// RateReader reads the rates table: the processor's view of it, which
// stays open until no callback runs (streams.Lookup).
type RateReader interface {
	Get(currency string) (*domain.Rate, error)
}

// lookup reads rates from the rates table at the moment of conversion. A
// read that fails (the view is not running) fails the message, which is
// delivered again, as goka's Lookup did.
func (h handler) lookup(ctx goka.Context) domain.RateLookup {
	return func(code string) (domain.Rate, bool) {
		r, err := h.rates.Get(code)
		if err != nil {
			ctx.Fail(fmt.Errorf("rates lookup: %w", err))
		}
		if r == nil {
			return domain.Rate{}, false
		}
		return *r, true
	}
}
