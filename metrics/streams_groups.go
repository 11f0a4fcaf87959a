package metrics

import (
	"errors"
	"fmt"
	"slices"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
)

// GroupOption returns one processor option, good for every processor of a
// process (pipeline.Options.Extra), that creates at zero the series of the
// processor's group: messages processed, duplicates, conflicts and
// malformed ones of each input topic, restarts, and dead letters of each
// input and of the group table for every reason. Refusals are left to
// their first event: their reasons belong to each processor.
func (s *Streams) GroupOption() goka.ProcessorOption {
	return onGraph[goka.ProcessorOption](func(gg *goka.GroupGraph) {
		if err := s.groupAtZero(gg); err != nil {
			// A label count that does not fit its family is this
			// package's bug, which WithLabelValues would panic on too.
			panic(err)
		}
	})
}

func (s *Streams) groupAtZero(gg *goka.GroupGraph) error {
	group := []string{string(gg.Group())}
	var inputs []string
	for _, in := range gg.InputStreams() {
		inputs = append(inputs, in.Topic())
	}
	sources := slices.Clone(inputs)
	if t := gg.GroupTable(); t != nil {
		sources = append(sources, t.Topic())
	}
	err := errors.Join(
		atZero(s.processed.MetricVec, group, inputs),
		atZero(s.duplicates.MetricVec, group, inputs),
		atZero(s.conflicts.MetricVec, group, inputs),
		atZero(s.malformed.MetricVec, group, inputs),
		atZero(s.restarts.MetricVec, group),
		atZero(s.deadLetters.MetricVec, group, sources, streams.DeadLetterReasons()),
	)
	if err != nil {
		return fmt.Errorf("group %s: %w", group[0], err)
	}
	return nil
}
