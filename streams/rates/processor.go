package rates

import (
	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Processor is a member of the group (see streams.Processor).
type Processor = streams.Processor

// Graph defines the group: the rates topic in (key = currency code), the
// newest rate of each currency as the group table.
func Graph(cfg streams.Config, o Options) *goka.GroupGraph {
	h := handler{group: cfg.Groups.Rates, topic: cfg.Topics.Rates, o: o.WithDefaults()}
	return goka.DefineGroup(goka.Group(cfg.Groups.Rates),
		goka.Input(goka.Stream(cfg.Topics.Rates), new(streams.Lenient[domain.Rate]), h.process),
		goka.Persist(new(streams.JSON[domain.Rate])),
	)
}

// New builds the processor with the options of cfg; extra options (a
// tester, for instance) come last and win.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	return streams.NewProcessor(cfg, "rates processor", Graph(cfg, o), extra...)
}
