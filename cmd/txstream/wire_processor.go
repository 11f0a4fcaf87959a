package main

import (
	"fmt"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/pipeline"
)

// addProcessor adds the stream processors: the processor role.
func (p *process) addProcessor() error {
	pl, err := pipeline.New(p.sc, pipeline.Options{
		Hooks: streams.Hooks{Observer: p.obs.streams, Logger: p.log.With("component", "streams")},
		Extra: append(p.gokaProcessorOptions(), p.obs.goka.RebalanceOption()),
	})
	if err != nil {
		return fmt.Errorf("processor role: %w", err)
	}
	p.monitorProcessors(pl.Processors())
	p.addBack("processors", pl.Run, pl.Recovered)
	return nil
}
