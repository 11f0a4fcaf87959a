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

// Graph defines the group: the status stream in (key = transaction id), the
// ordered history of each transaction as the group table (the JSON of
// domain.StatusLog; the processor's codec only spares itself decoding it,
// see table.go).
func Graph(cfg streams.Config, o Options) *goka.GroupGraph {
	h := handler{group: cfg.Groups.StatusLog, topic: cfg.Topics.Statuses, o: o.WithDefaults()}
	return goka.DefineGroup(goka.Group(cfg.Groups.StatusLog),
		goka.Input(goka.Stream(cfg.Topics.Statuses), streams.Lenient[domain.StatusEvent]{}, h.process),
		goka.Persist(tableCodec{}),
	)
}

// New builds the processor with the options of cfg; extra options (a
// tester, for instance) come last and win.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	return streams.NewProcessor(cfg, "status-log processor", Graph(cfg, o), extra...)
}
