package webhooks

import (
	"context"
	"fmt"
	"time"

	"github.com/lovoo/goka"
	"github.com/twmb/franz-go/pkg/kgo"
	"golang.org/x/sync/errgroup"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Processor is one member of the webhooks group with its dispatcher and
// its own Registry.
type Processor struct {
	cfg        streams.Config
	proc       *streams.Processor
	registry   *Registry
	dispatcher *Dispatcher
	reporter   *kgo.Client
}

// Graph defines the group: the transactions table's changelog in (as for
// the status log: co-partitioned by transaction id), the attempts'
// outcomes on the loopback topic (same key), the pending messages per
// transaction as the group table, and the deliveries topic and the
// dead-letter topic out.
func Graph(cfg streams.Config, h handler) *goka.GroupGraph {
	return goka.DefineGroup(goka.Group(cfg.Groups.Webhooks),
		goka.Input(goka.Stream(h.topic), streams.Input[domain.Transaction]{}, h.changed),
		goka.Loop(streams.Input[outcome]{}, h.settled),
		goka.Persist(streams.TableCodec[state]{}),
		goka.Output(h.deliveries, streams.JSON[domain.WebhookDelivery]{}),
		h.dead.Output(),
	)
}

// New creates the webhook topics that do not exist yet and builds the
// processor. extra goka options come last and win.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	// The dispatcher takes every recovered store for an owned partition
	// (mirror.go): no standby copies in this group.
	cfg.HotStandby, cfg.RecoverAhead = false, false
	// goka's view needs its topic at build time.
	if err := streams.EnsureWebhookTopics(cfg); err != nil {
		return nil, fmt.Errorf("webhooks processor: %w", err)
	}
	registry, err := NewRegistry(cfg, "processor/"+cfg.Groups.Webhooks+"-registry")
	if err != nil {
		return nil, err
	}
	client := o.Client
	if client == nil {
		client = NewGuard(o.AllowPrivate).Client(o.Timeout, o.PerEndpoint)
	}
	group := cfg.Groups.Webhooks
	h := handler{group: group, topic: string(streams.Table(cfg.Groups.Transactions)),
		deliveries: goka.Stream(cfg.Topics.WebhookDeliveries), o: o, registry: registry,
		dead: streams.NewDeadLetters(cfg, group, cfg.InputPartitions(group), domain.ValidateID, o.Hooks)}
	p := &Processor{cfg: cfg, registry: registry, dispatcher: newDispatcher(o, registry, client)}
	if p.reporter, err = kgo.NewClient(streams.ProducerOptions(cfg)...); err != nil {
		return nil, fmt.Errorf("webhooks outcome producer: %w", err)
	}
	p.dispatcher.report = p.report
	table := string(streams.Table(group))
	store := goka.WithStorageBuilder(mirror(cfg.StorageBuilder("processor/"+group), table, p.dispatcher))
	guard := streams.NewTableGuard(cfg, group, checkState, o.Hooks)
	if p.proc, err = streams.NewProcessor(cfg, "webhooks processor", Graph(cfg, h), guard, append(extra, store)...); err != nil {
		p.reporter.Close()
		return nil, err
	}
	return p, nil
}

func checkState(value []byte) error {
	_, err := (streams.JSON[state]{}).Decode(value)
	return err
}

// report writes an attempt's outcome to the loopback topic, under the
// transaction id; done hears of the acknowledgement. The client is
// closed by Run after the dispatcher has returned, which waits for the
// callbacks of what was produced.
func (p *Processor) report(ctx context.Context, txID string, out outcome, done func(error)) {
	value, err := (streams.JSON[outcome]{}).Encode(out)
	if err != nil {
		done(err)
		return
	}
	rec := &kgo.Record{Topic: streams.WebhooksLoop(p.cfg), Key: []byte(txID), Value: value}
	p.reporter.Produce(ctx, rec, func(_ *kgo.Record, err error) { done(err) })
}

// Run runs the registry, the group member once the registry has read
// every registration, and the dispatcher beside them. It returns after
// all of them have returned, and closes the outcome producer last, which
// fails what it still holds (those attempts are made again).
func (p *Processor) Run(ctx context.Context) error {
	defer p.reporter.Close()
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return p.registry.Run(ctx) })
	g.Go(func() error { return p.dispatcher.Run(ctx) })
	g.Go(func() error {
		// Matching changes against a registry still recovering would miss
		// endpoints: the member joins once it has read them all.
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for !p.registry.Recovered() {
			select {
			case <-ctx.Done():
				return nil
			case <-tick.C:
			}
		}
		return p.proc.Run(ctx)
	})
	return g.Wait()
}

// Recovered reports whether the registry and the group table of every
// assigned partition have caught up.
func (p *Processor) Recovered() bool { return p.registry.Recovered() && p.proc.Recovered() }

// Goka returns the underlying goka processor, for monitoring.
func (p *Processor) Goka() *goka.Processor { return p.proc.Goka() }
