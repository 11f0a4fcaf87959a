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
	h := newHandler(cfg, o)
	return goka.DefineGroup(goka.Group(cfg.Groups.Rates),
		goka.Input(goka.Stream(cfg.Topics.Rates), new(streams.Input[domain.Rate]), h.process),
		goka.Persist(new(streams.TableCodec[domain.Rate])),
		h.dead.Output(),
	)
}

func newHandler(cfg streams.Config, o Options) handler {
	o = o.WithDefaults()
	group := cfg.Groups.Rates
	return handler{group: group, topic: cfg.Topics.Rates, o: o,
		dead: streams.NewDeadLetters(cfg, group, cfg.InputPartitions(group), validCode, o)}
}

// validCode accepts a key that is a currency code.
func validCode(key string) error {
	_, err := domain.ParseCurrency(key)
	return err
}

// checkTable says why a value of the table cannot be read, nil when it can.
func checkTable(data []byte) error {
	_, err := streams.JSON[domain.Rate]{}.Decode(data)
	return err
}

// New builds the processor with the options of cfg; extra options (a
// tester, for instance) come last and win.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	guard := streams.NewTableGuard(cfg, cfg.Groups.Rates, checkTable, o)
	return streams.NewProcessor(cfg, "rates processor", Graph(cfg, o), guard, extra...)
}
