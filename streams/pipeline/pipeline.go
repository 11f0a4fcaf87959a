package pipeline

import (
	"context"
	"fmt"

	"github.com/lovoo/goka"
	"golang.org/x/sync/errgroup"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/conversions"
	"github.com/txstream/txstream/streams/rates"
	"github.com/txstream/txstream/streams/statuslog"
	"github.com/txstream/txstream/streams/transactions"
)

// Options are shared by every processor of the pipeline.
type Options struct {
	streams.Hooks
	// Extra goka options for every processor (tests pass a tester here).
	Extra []goka.ProcessorOption
}

// component is what every processor of the pipeline is.
type component interface {
	Run(ctx context.Context) error
	Recovered() bool
	Goka() *goka.Processor
}

// Pipeline runs the processors together.
type Pipeline struct {
	components []component
}

// Processors returns the goka processors, for monitoring; callers must not
// run or stop them.
func (p *Pipeline) Processors() []*goka.Processor {
	out := make([]*goka.Processor, len(p.components))
	for i, c := range p.components {
		out[i] = c.Goka()
	}
	return out
}

// New builds the processors; nothing connects before Run.
func New(cfg streams.Config, o Options) (*Pipeline, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rp, err := rates.New(cfg, o.Hooks, o.Extra...)
	if err != nil {
		return nil, fmt.Errorf("rates processor: %w", err)
	}
	cp, err := conversions.New(cfg, o.Hooks, o.Extra...)
	if err != nil {
		return nil, fmt.Errorf("conversions processor: %w", err)
	}
	tp, err := transactions.New(cfg, o.Hooks, o.Extra...)
	if err != nil {
		return nil, fmt.Errorf("transactions processor: %w", err)
	}
	sp, err := statuslog.New(cfg, o.Hooks, o.Extra...)
	if err != nil {
		return nil, fmt.Errorf("status-log processor: %w", err)
	}
	return &Pipeline{components: []component{rp, cp, tp, sp}}, nil
}

// Run runs every processor until ctx is done or one fails; a failure stops
// the others. It returns after all of them have returned.
func (p *Pipeline) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, c := range p.components {
		g.Go(func() error { return c.Run(ctx) })
	}
	return g.Wait()
}

// Recovered reports whether every processor has recovered its tables.
func (p *Pipeline) Recovered() bool {
	for _, c := range p.components {
		if !c.Recovered() {
			return false
		}
	}
	return true
}
