package statuslog

import (
	"context"
	"fmt"

	"github.com/lovoo/goka"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Options are the processor's collaborators (streams.Hooks); the zero value
// is ready to use.
type Options = streams.Hooks

// Processor runs the status-log group.
type Processor struct {
	proc *goka.Processor
}

// Graph defines the group: the status stream in (key = transaction id), the
// ordered history of each transaction as the group table.
func Graph(cfg streams.Config, o Options) *goka.GroupGraph {
	h := handler{group: cfg.Groups.StatusLog, topic: cfg.Topics.Statuses, o: o.WithDefaults()}
	return goka.DefineGroup(goka.Group(cfg.Groups.StatusLog),
		goka.Input(goka.Stream(cfg.Topics.Statuses), streams.Lenient[domain.StatusEvent]{}, h.process),
		goka.Persist(streams.JSON[domain.StatusLog]{}),
	)
}

// New builds the processor with the options of cfg; extra options (a
// tester, for instance) come last and win.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("status-log processor: %w", err)
	}
	opts := append(cfg.ProcessorOptions(cfg.Groups.StatusLog), extra...)
	proc, err := goka.NewProcessor(cfg.Brokers, Graph(cfg, o), opts...)
	if err != nil {
		return nil, fmt.Errorf("status-log processor: %w", err)
	}
	return &Processor{proc: proc}, nil
}

// Run processes until ctx is done or the processor fails.
func (p *Processor) Run(ctx context.Context) error {
	return streams.RunProcessor(ctx, "status-log processor", p.proc)
}

// Recovered reports whether the group table of every assigned partition has
// caught up.
func (p *Processor) Recovered() bool { return p.proc.Recovered() }

// Goka returns the underlying goka processor, for monitoring (stats, the
// web monitor); callers must not run or stop it.
func (p *Processor) Goka() *goka.Processor { return p.proc }
