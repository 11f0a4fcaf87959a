package transactions

import (
	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Graph returns the group graph of the transactions processor. Both inputs
// are keyed by transaction id, so they are co-partitioned with the table.
func Graph(cfg streams.Config, o Options) *goka.GroupGraph {
	h := newHandler(cfg, o)
	return goka.DefineGroup(goka.Group(cfg.Groups.Transactions),
		goka.Input(goka.Stream(cfg.Topics.Transactions), new(streams.Input[domain.TransactionRequested]), h.request),
		goka.Input(goka.Stream(cfg.Topics.ConversionResults), new(streams.Input[domain.Conversion]), h.result),
		goka.Persist(new(streams.TableCodec[domain.Transaction])),
		goka.Output(goka.Stream(cfg.Topics.Conversions), new(streams.JSON[domain.ConversionRequest])),
		h.dead.Output(),
	)
}

// handler adapts the state machine to goka: read the table value, decide,
// apply. Its fields are read-only, so the partition goroutines share it.
type handler struct {
	group  string
	topics streams.Topics
	opts   Options
	dead   streams.DeadLetters
}

func newHandler(cfg streams.Config, o Options) *handler {
	o = o.WithDefaults()
	group := cfg.Groups.Transactions
	return &handler{group: group, topics: cfg.Topics, opts: o,
		dead: streams.NewDeadLetters(cfg, group, cfg.InputPartitions(group), domain.ValidateID, o)}
}

// request handles a transaction request. One that does not decode under a
// valid id is both recorded (a failed transaction, so that its client sees
// why) and dead-lettered (so that an operator sees what was sent).
func (h *handler) request(ctx goka.Context, msg any) {
	raw, ok := h.dead.Admit(ctx, msg)
	if !ok {
		h.opts.Observer.Processed(h.group, h.topics.Transactions)
		return
	}
	now := h.opts.Clock().UTC()
	var out outcome
	switch m, _ := (streams.Lenient[domain.TransactionRequested]{}).Decode(raw); m := m.(type) {
	case *domain.TransactionRequested:
		out = onRequest(current(ctx), ctx.Key(), m, now)
	case *streams.Malformed:
		out = onMalformed(current(ctx), ctx.Key(), m, now)
		h.dead.Refuse(ctx, m)
	}
	h.apply(ctx, h.topics.Transactions, out)
}

// result handles a conversion result; one that cannot be applied at all
// (undecodable, or neither completed with a value nor failed with a
// reason) is dead-lettered.
func (h *handler) result(ctx goka.Context, msg any) {
	raw, ok := h.dead.Admit(ctx, msg)
	if !ok {
		h.opts.Observer.Processed(h.group, h.topics.ConversionResults)
		return
	}
	out := outcome{malformed: true}
	switch m, _ := (streams.Lenient[domain.Conversion]{}).Decode(raw); m := m.(type) {
	case *domain.Conversion:
		if out = onResult(current(ctx), m, h.opts.Clock().UTC()); out.malformed {
			h.dead.Send(ctx, raw, streams.ReasonMalformed, ErrUnusableResult)
		}
	case *streams.Malformed:
		h.dead.Refuse(ctx, m)
	}
	h.apply(ctx, h.topics.ConversionResults, out)
}

// current is the table value of the message's key, nil for a new id. A
// value nobody can read (streams.TableCodec) is absent too: the processor
// recovering it dead-lettered it (streams.TableGuard), and a request for
// its id starts afresh rather than stopping the processor at every start.
func current(ctx goka.Context) *domain.Transaction {
	tx, _ := ctx.Value().(*domain.Transaction)
	return tx
}

// apply writes the table and emits the outputs. goka commits the input
// offset only after the table write and every emit are acknowledged, so a
// crash in between redelivers the message, and the replay path writes and
// emits again. The table write is also the status stream: its changelog
// record carries the whole history, which the status-log processor reads.
func (h *handler) apply(ctx goka.Context, topic string, out outcome) {
	if out.write != nil {
		ctx.SetValue(out.write)
	}
	if out.conversion != nil {
		ctx.Emit(goka.Stream(h.topics.Conversions), out.conversion.ID, out.conversion)
	}
	h.observe(topic, out)
}

func (h *handler) observe(topic string, out outcome) {
	obs := h.opts.Observer
	obs.Processed(h.group, topic)
	for _, ev := range out.changes {
		obs.Transition(ev)
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
