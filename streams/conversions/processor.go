package conversions

import (
	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Processor is a member of the group (see streams.Processor).
type Processor = streams.Processor

// Graph defines the group: conversion requests in (key = conversion id), a
// Lookup on the rates table, one conversion record per id as the group
// table, and results of linked requests out (key = transaction id).
func Graph(cfg streams.Config, o Options) *goka.GroupGraph {
	h := newHandler(cfg, o)
	return goka.DefineGroup(goka.Group(cfg.Groups.Conversions),
		goka.Input(goka.Stream(cfg.Topics.Conversions), new(streams.Input[domain.ConversionRequest]), h.process),
		// A rate nobody can read is no rate (TableCodec): the conversion
		// fails no_rate instead of the processor failing at every start;
		// the rates processor dead-letters it when it recovers it.
		goka.Lookup(h.rates, new(streams.TableCodec[domain.Rate])),
		goka.Persist(new(codec)),
		goka.Output(h.results, new(codec)),
		h.dead.Output(),
	)
}

func newHandler(cfg streams.Config, o Options) handler {
	o = o.WithDefaults()
	group := cfg.Groups.Conversions
	return handler{
		group:   group,
		topic:   cfg.Topics.Conversions,
		results: goka.Stream(cfg.Topics.ConversionResults),
		rates:   streams.Table(cfg.Groups.Rates),
		o:       o,
		dead:    streams.NewDeadLetters(cfg, group, cfg.InputPartitions(group), domain.ValidateID, o.Hooks),
	}
}

// New builds the processor with the options of cfg; extra options (a
// tester, for instance) come last and win.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	guard := streams.NewTableGuard(cfg, cfg.Groups.Conversions, checkTable, o.Hooks)
	return streams.NewProcessor(cfg, "conversions processor", Graph(cfg, o), guard, extra...)
}
