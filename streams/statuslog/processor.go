package statuslog

import (
	"github.com/lovoo/goka"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Options are the processor's collaborators (streams.Hooks); the zero value
// is ready to use.
type Options = streams.Hooks

// Processor is a member of the group (see streams.Processor).
type Processor = streams.Processor

// Graph defines the group: the status stream in, which is the changelog of
// the transactions table (key = transaction id, the whole transaction with
// its history; same partitions and key, so co-partitioned), and the ordered
// history of each transaction as the group table (the JSON of
// domain.StatusLog; the processor's codec only spares itself decoding it,
// see table.go).
func Graph(cfg streams.Config, o Options) *goka.GroupGraph {
	h := newHandler(cfg, o)
	return goka.DefineGroup(goka.Group(cfg.Groups.StatusLog),
		goka.Input(goka.Stream(h.topic), streams.Input[domain.Transaction]{}, h.process),
		goka.Persist(tableCodec{}),
		h.dead.Output(),
	)
}

func newHandler(cfg streams.Config, o Options) handler {
	o = o.WithDefaults()
	group := cfg.Groups.StatusLog
	return handler{group: group, topic: string(streams.Table(cfg.Groups.Transactions)), o: o,
		dead: streams.NewDeadLetters(cfg, group, cfg.InputPartitions(group), domain.ValidateID, o)}
}

// New builds the processor with the options of cfg; extra options (a
// tester, for instance) come last and win. The transactions table must
// exist (its processor, or streams.EnsureTables, creates it): goka checks
// that it is co-partitioned with the status-log table.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	guard := streams.NewTableGuard(cfg, cfg.Groups.StatusLog, checkTable, o)
	return streams.NewProcessor(cfg, "status-log processor", Graph(cfg, o), guard, extra...)
}
