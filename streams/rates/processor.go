package rates

import (
	"context"
	"fmt"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Processor runs the rates group.
type Processor struct {
	proc *goka.Processor
}

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
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("rates processor: %w", err)
	}
	opts := append(cfg.ProcessorOptions(cfg.Groups.Rates), extra...)
	proc, err := goka.NewProcessor(cfg.Brokers, Graph(cfg, o), opts...)
	if err != nil {
		return nil, fmt.Errorf("rates processor: %w", err)
	}
	return &Processor{proc: proc}, nil
}

// Run processes until ctx is done or the processor fails.
func (p *Processor) Run(ctx context.Context) error {
	return streams.RunProcessor(ctx, "rates processor", p.proc)
}

// Recovered reports whether the group table of every assigned partition has
// caught up.
func (p *Processor) Recovered() bool { return p.proc.Recovered() }

// Goka returns the underlying goka processor, for monitoring (stats, the
// web monitor); callers must not run or stop it.
func (p *Processor) Goka() *goka.Processor { return p.proc }
