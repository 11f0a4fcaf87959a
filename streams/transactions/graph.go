package transactions

import (
	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Graph returns the group graph of the transactions processor. Both inputs
// are keyed by transaction id, so they are co-partitioned with the table.
func Graph(cfg streams.Config, o Options) *goka.GroupGraph {
	h := &handler{group: cfg.Groups.Transactions, topics: cfg.Topics, opts: o.WithDefaults()}
	return goka.DefineGroup(goka.Group(cfg.Groups.Transactions),
		goka.Input(goka.Stream(cfg.Topics.Transactions), new(streams.Lenient[domain.TransactionRequested]), h.request),
		goka.Input(goka.Stream(cfg.Topics.ConversionResults), new(streams.Lenient[domain.Conversion]), h.result),
		goka.Persist(new(streams.JSON[domain.Transaction])),
		goka.Output(goka.Stream(cfg.Topics.Statuses), new(streams.JSON[domain.StatusEvent])),
		goka.Output(goka.Stream(cfg.Topics.Conversions), new(streams.JSON[domain.ConversionRequest])),
	)
}

// handler adapts the state machine to goka: read the table value, decide,
// apply. Its fields are read-only, so the partition goroutines share it.
type handler struct {
	group  string
	topics streams.Topics
	opts   Options
}

func (h *handler) request(ctx goka.Context, msg any) {
	now := h.opts.Clock().UTC()
	var out outcome
	switch m := msg.(type) {
	case *domain.TransactionRequested:
		out = onRequest(current(ctx), ctx.Key(), m, now)
	case *streams.Malformed:
		out = onMalformed(current(ctx), ctx.Key(), m, now)
	default:
		out = outcome{malformed: true}
	}
	h.apply(ctx, h.topics.Transactions, out)
}

func (h *handler) result(ctx goka.Context, msg any) {
	out := outcome{malformed: true}
	if res, ok := msg.(*domain.Conversion); ok {
		out = onResult(current(ctx), res, h.opts.Clock().UTC())
	}
	h.apply(ctx, h.topics.ConversionResults, out)
}

// current is the table value of the message's key, nil for a new id. A
// value this binary cannot decode makes goka fail the processor: it was
// written by a newer version, and guessing would corrupt the source of truth.
func current(ctx goka.Context) *domain.Transaction {
	tx, _ := ctx.Value().(*domain.Transaction)
	return tx
}

// apply writes the table and emits the outputs. goka commits the input
// offset only after the table write and every emit are acknowledged, so a
// crash in between redelivers the message, and the replay path re-emits.
func (h *handler) apply(ctx goka.Context, topic string, out outcome) {
	if out.write != nil {
		ctx.SetValue(out.write)
	}
	for i := range out.events {
		// A pointer: the codec encodes it as is, where a value would be
		// copied into the interface and again to be encoded.
		ev := &out.events[i]
		ctx.Emit(goka.Stream(h.topics.Statuses), ev.TransactionID, ev)
	}
	if out.conversion != nil {
		ctx.Emit(goka.Stream(h.topics.Conversions), out.conversion.ID, out.conversion)
	}
	h.observe(topic, out)
}

func (h *handler) observe(topic string, out outcome) {
	obs := h.opts.Observer
	obs.Processed(h.group, topic)
	if !out.replay {
		for _, ev := range out.events {
			obs.Transition(ev)
		}
	}
	if out.duplicate {
		obs.Duplicate(h.group, topic)
	}
	if out.conflict {
		obs.Conflict(h.group, topic)
	}
	if out.malformed {
		obs.Malformed(h.group, topic)
	}
}
