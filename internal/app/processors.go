package app

import (
	"fmt"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/pipeline"
	"github.com/txstream/txstream/streams/webhooks"
)

// newProcessors builds the stream processors: the processor role.
func newProcessors(d deps) (*pipeline.Pipeline, error) {
	pl, err := pipeline.New(d.sc, pipeline.Options{
		Hooks: streams.Hooks{Observer: d.obs.streams, Logger: d.log.With("component", "streams")},
		Extra: append(gokaProcessorOptions(d.log), d.obs.processorOptions()...),
		// The processors' lookups keep a sarama client each: the read
		// model's view of the same table holds its partitions in the view
		// consumer, which serves each partition to one view at a time.
		ExtraView: gokaViewOptions(d.log),
		// The collector reads the running processor of each group, also
		// after a restart; goka's web monitor shows the first ones.
		Started:    func(gp *goka.Processor) { d.obs.goka.AttachProcessor(gp) },
		MaxRateAge: d.cfg.MaxRateAge,
		Webhooks:   webhookOptions(d),
	})
	if err != nil {
		return nil, fmt.Errorf("processor role: %w", err)
	}
	return pl, nil
}

// webhookOptions are the webhooks processor's, from the --webhook-*
// settings.
func webhookOptions(d deps) webhooks.Options {
	o := webhooks.DefaultOptions()
	w := d.cfg.Webhooks
	if len(w.Retries) > 0 {
		o.Retries = w.Retries
	}
	if w.Timeout > 0 {
		o.Timeout = w.Timeout
	}
	if w.Workers > 0 {
		o.Workers = w.Workers
	}
	if w.PerEndpoint > 0 {
		o.PerEndpoint = w.PerEndpoint
	}
	o.AllowPrivate = w.AllowPrivate
	o.Webhooks = d.obs.webhooks
	return o
}
