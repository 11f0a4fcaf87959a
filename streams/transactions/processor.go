package transactions

import (
	"context"
	"fmt"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
)

// Processor runs the transactions group: one member of the consumer group,
// owning the partitions Kafka assigns to it.
type Processor struct {
	proc *goka.Processor
}

// New builds a processor from cfg.ProcessorOptions(cfg.Groups.Transactions) followed by extra, so
// extra overrides them (goka.WithTester(tt) replaces every client and the
// storage). It checks cfg first; with the real builders it contacts the
// brokers to create or check the topics.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("transactions processor: %w", err)
	}
	opts := append(cfg.ProcessorOptions(cfg.Groups.Transactions), extra...)
	proc, err := goka.NewProcessor(cfg.Brokers, Graph(cfg, o), opts...)
	if err != nil {
		return nil, fmt.Errorf("transactions processor: %w", err)
	}
	return &Processor{proc: proc}, nil
}

// Run consumes until ctx is cancelled or the processor fails, and returns
// after its goroutines are gone. A cancelled ctx is a clean stop (nil). Run
// can be called once.
func (p *Processor) Run(ctx context.Context) error {
	return streams.RunProcessor(ctx, "transactions processor", p.proc)
}

// Recovered reports whether the processor has recovered its table
// partitions and is processing: the readiness of /readyz.
func (p *Processor) Recovered() bool {
	return p.proc.Recovered()
}

// Goka returns the underlying goka processor, for monitoring (stats, the
// web monitor); callers must not run or stop it.
func (p *Processor) Goka() *goka.Processor { return p.proc }
