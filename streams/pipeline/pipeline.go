package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/lovoo/goka"
	"golang.org/x/sync/errgroup"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/conversions"
	"github.com/txstream/txstream/streams/rates"
	"github.com/txstream/txstream/streams/statuslog"
	"github.com/txstream/txstream/streams/transactions"
	"github.com/txstream/txstream/streams/webhooks"
)

// Options are shared by every processor of the pipeline.
type Options struct {
	streams.Hooks
	// Extra goka options for every processor (tests pass a tester here).
	Extra []goka.ProcessorOption
	// ExtraView are goka options for the views a processor runs of its
	// own (the conversions processor's of the rates table): a logger.
	ExtraView []goka.ViewOption
	// Restart bounds the backoff of a failed processor's restart.
	Restart Restart
	// MaxRateAge is the conversions processor's (conversions.Options).
	MaxRateAge time.Duration
	// Webhooks are the webhooks processor's (its Hooks are the pipeline's);
	// the zero value takes webhooks.DefaultOptions.
	Webhooks webhooks.Options
	// Started, when set, is told of every goka processor the pipeline
	// starts, the first ones and those of restarts (for monitoring).
	Started func(*goka.Processor)
}

// webhooks are the webhooks processor's options: the defaults where none
// were given, with the pipeline's hooks.
func (o Options) webhooks() webhooks.Options {
	w := o.Webhooks
	if len(w.Retries) == 0 {
		d := webhooks.DefaultOptions()
		d.Webhooks, d.AllowPrivate, d.Client = w.Webhooks, w.AllowPrivate, w.Client
		w = d
	}
	w.Hooks = o.Hooks
	return w
}

// component is what every processor of the pipeline is.
type component interface {
	Run(ctx context.Context) error
	Recovered() bool
	Goka() *goka.Processor
}

// Pipeline runs the processors together.
type Pipeline struct {
	rates      component   // runs first
	components []component // start once the rates gate opens
	gate       ratesGate
}

// Processors returns the goka processors, for monitoring; callers must not
// run or stop them.
func (p *Pipeline) Processors() []*goka.Processor {
	all := p.all()
	out := make([]*goka.Processor, len(all))
	for i, c := range all {
		out[i] = c.Goka()
	}
	return out
}

// New builds the processors; nothing connects before Run.
func New(cfg streams.Config, o Options) (*Pipeline, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	builds := []struct {
		name  string
		build func() (component, error)
	}{
		{"rates processor", func() (component, error) { return rates.New(cfg, o.Hooks, o.Extra...) }},
		{"conversions processor", func() (component, error) {
			return conversions.New(cfg, conversions.Options{Hooks: o.Hooks, MaxRateAge: o.MaxRateAge, View: o.ExtraView}, o.Extra...)
		}},
		{"transactions processor", func() (component, error) { return transactions.New(cfg, o.Hooks, o.Extra...) }},
		{"status-log processor", func() (component, error) { return statuslog.New(cfg, o.Hooks, o.Extra...) }},
		{"webhooks processor", func() (component, error) { return webhooks.New(cfg, o.webhooks(), o.Extra...) }},
		{"webhook-deliveries processor", func() (component, error) {
			return webhooks.NewDeliveries(cfg, o.Hooks, o.Extra...)
		}},
	}
	all := make([]component, len(builds))
	for i, b := range builds {
		first, err := b.build()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.name, err)
		}
		all[i] = newSupervised(b.name, first, b.build, o)
	}
	return &Pipeline{rates: all[0], components: all[1:], gate: ratesGate{cfg: cfg, poll: 100 * time.Millisecond}}, nil
}

// Run runs every processor until ctx is done; a processor that fails is
// built again and restarted after a backoff (see supervised). The rates
// processor starts first, the others once it has
// applied the rates published before the start (see ratesGate). It returns
// after all of them have returned.
func (p *Pipeline) Run(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return p.rates.Run(ctx) })
	g.Go(func() error {
		if err := p.gate.wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		for _, c := range p.components {
			g.Go(func() error { return c.Run(ctx) })
		}
		return nil
	})
	return g.Wait()
}

// Recovered reports whether every processor has recovered its tables.
func (p *Pipeline) Recovered() bool {
	for _, c := range p.all() {
		if !c.Recovered() {
			return false
		}
	}
	return true
}

func (p *Pipeline) all() []component { return append([]component{p.rates}, p.components...) }
