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
		goka.Persist(new(codec)),
		goka.Output(h.results, new(codec)),
	)
}

// New builds the processor with the options of cfg; extra options (a
// tester, for instance) come last and win.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	return streams.NewProcessor(cfg, "conversions processor", Graph(cfg, o), extra...)
}
