package main

import (
	"fmt"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/pipeline"
)

// addProcessor adds the stream processors: the processor role.
func (p *process) addProcessor() error {
	pl, err := pipeline.New(p.sc, pipeline.Options{
		Hooks: streams.Hooks{Observer: p.obs.streams, Logger: p.log.With("component", "streams")},
		Extra: append(p.gokaProcessorOptions(), p.obs.processorOptions()...),
		// The collector reads the running processor of each group, also
		// after a restart; goka's web monitor shows the first ones.
		Started:    func(gp *goka.Processor) { p.obs.goka.AttachProcessor(gp) },
		MaxRateAge: p.cfg.MaxRateAge,
	})
	if err != nil {
		return fmt.Errorf("processor role: %w", err)
	}
	p.goka.processors = append(p.goka.processors, pl.Processors()...)
	p.addBack("processors", pl.Run, pl.Recovered)
	return nil
}
