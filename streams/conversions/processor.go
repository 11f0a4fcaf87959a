package conversions

import (
	"context"
	"fmt"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Processor runs the conversions group.
type Processor struct {
	proc *goka.Processor
}

// Graph defines the group: conversion requests in (key = conversion id), a
// Lookup on the rates table, one conversion record per id as the group
// table, and results of linked requests out (key = transaction id).
func Graph(cfg streams.Config, o Options) *goka.GroupGraph {
	h := handler{
		group:   cfg.Groups.Conversions,
		topic:   cfg.Topics.Conversions,
		results: goka.Stream(cfg.Topics.ConversionResults),
		rates:   streams.Table(cfg.Groups.Rates),
		o:       o.WithDefaults(),
	}
	return goka.DefineGroup(goka.Group(cfg.Groups.Conversions),
		goka.Input(goka.Stream(cfg.Topics.Conversions), new(streams.Lenient[domain.ConversionRequest]), h.process),
		goka.Lookup(h.rates, new(streams.JSON[domain.Rate])),
		goka.Persist(new(streams.JSON[domain.Conversion])),
		goka.Output(h.results, new(streams.JSON[domain.Conversion])),
	)
}

// New builds the processor with the options of cfg; extra options (a
// tester, for instance) come last and win.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("conversions processor: %w", err)
	}
	opts := append(cfg.ProcessorOptions(cfg.Groups.Conversions), extra...)
	proc, err := goka.NewProcessor(cfg.Brokers, Graph(cfg, o), opts...)
	if err != nil {
		return nil, fmt.Errorf("conversions processor: %w", err)
	}
	return &Processor{proc: proc}, nil
}

// Run processes until ctx is done or the processor fails.
func (p *Processor) Run(ctx context.Context) error {
	return streams.RunProcessor(ctx, "conversions processor", p.proc)
}

// Recovered reports whether the group table of every assigned partition and
// the rates table have caught up.
func (p *Processor) Recovered() bool { return p.proc.Recovered() }

// Goka returns the underlying goka processor, for monitoring (stats, the
// web monitor); callers must not run or stop it.
func (p *Processor) Goka() *goka.Processor { return p.proc }
