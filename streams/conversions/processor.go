package conversions

import (
	"fmt"
	"path/filepath"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Processor is a member of the group (see streams.Processor).
type Processor = streams.Processor

// Graph defines the group: conversion requests in (key = conversion id),
// one conversion record per id as the group table, and results of linked
// requests out (key = transaction id). The rates table is read through
// rates, a view the processor runs around goka's (streams.Lookup), not a
// goka Lookup edge.
func Graph(cfg streams.Config, o Options, rates RateReader) *goka.GroupGraph {
	h := newHandler(cfg, o, rates)
	return goka.DefineGroup(goka.Group(cfg.Groups.Conversions),
		goka.Input(goka.Stream(cfg.Topics.Conversions), new(streams.Input[domain.ConversionRequest]), h.process),
		goka.Persist(new(codec)),
		goka.Output(h.results, new(codec)),
		h.dead.Output(),
	)
}

func newHandler(cfg streams.Config, o Options, rates RateReader) handler {
	o = o.WithDefaults()
	group := cfg.Groups.Conversions
	return handler{
		group:   group,
		topic:   cfg.Topics.Conversions,
		results: goka.Stream(cfg.Topics.ConversionResults),
		rates:   rates,
		o:       o,
		dead:    streams.NewDeadLetters(cfg, group, cfg.InputPartitions(group), domain.ValidateID, o.Hooks),
	}
}

// New builds the processor with the options of cfg, and its view of the
// rates table; extra options (a tester, for instance) come last and win,
// and so do o.View's for the view.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	rates, err := newRatesView(cfg, o.View)
	if err != nil {
		return nil, fmt.Errorf("conversions processor: %w", err)
	}
	guard := streams.NewTableGuard(cfg, cfg.Groups.Conversions, checkTable, o.Hooks)
	p, err := streams.NewProcessor(cfg, "conversions processor", Graph(cfg, o, rates), guard, extra...)
	if err != nil {
		return nil, err
	}
	p.ReadsFrom(rates)
	return p, nil
}

// newRatesView is the processor's own copy of the rates table, kept where
// goka kept its Lookup's: under the group's processor directory, apart
// from the edge's view of the same table in a process with both roles. A
// rate nobody can read is no rate (TableCodec): the conversion fails
// no_rate instead of the processor failing at every start; the rates
// processor dead-letters it when it recovers it.
func newRatesView(cfg streams.Config, extra []goka.ViewOption) (*streams.TableView[domain.Rate], error) {
	dir := filepath.Join("processor", cfg.Groups.Conversions)
	opts := append([]goka.ViewOption{goka.WithViewStorageBuilder(cfg.StorageBuilder(dir))}, extra...)
	return streams.NewTableView[domain.Rate](cfg, cfg.Groups.Rates, nil, opts...)
}
