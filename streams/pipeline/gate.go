package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/IBM/sarama"

	"github.com/txstream/txstream/streams"
)

// ratesGate holds back the processors that read the rates table until the
// rates group has applied every rate published before the pipeline
// started. The conversions processor recovers its Lookup of the rates table
// when it starts; started after the gate, it converts with those rates
// from its first message instead of failing no_rate while the rates
// processor catches up (the dev default publishes its sample just before).
//
// The gate compares the rates group's committed offsets with the rates
// topic's end offsets taken at start: goka commits an input offset only
// after the table write it caused was acknowledged, so a committed offset
// at the end means the table holds every rate.
type ratesGate struct {
	cfg  streams.Config
	poll time.Duration
}

// wait returns once the rates group has caught up, or ctx ends.
func (g ratesGate) wait(ctx context.Context) error {
	offsets, err := streams.NewKafkaOffsets(g.cfg.Brokers, g.cfg.Sarama())
	if err != nil {
		return fmt.Errorf("rates gate: %w", err)
	}
	defer offsets.Close()
	target, err := g.ends(offsets)
	if err != nil {
		return err
	}
	tick := time.NewTicker(g.poll)
	defer tick.Stop()
	for {
		done, err := g.caughtUp(offsets, target)
		if done || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// ends are the end offsets of the rates topic's partitions now.
func (g ratesGate) ends(offsets *streams.KafkaOffsets) (map[int32]int64, error) {
	partitions, err := offsets.Partitions(g.cfg.Topics.Rates)
	if err != nil {
		return nil, fmt.Errorf("rates gate: %w", err)
	}
	target := make(map[int32]int64, len(partitions))
	for _, p := range partitions {
		end, err := offsets.HighWaterMark(g.cfg.Topics.Rates, p)
		if err != nil {
			return nil, fmt.Errorf("rates gate: %w", err)
		}
		target[p] = end
	}
	return target, nil
}

func (g ratesGate) caughtUp(offsets *streams.KafkaOffsets, target map[int32]int64) (bool, error) {
	partitions := make([]int32, 0, len(target))
	for p, end := range target {
		if end > 0 {
			partitions = append(partitions, p)
		}
	}
	if len(partitions) == 0 {
		return true, nil
	}
	committed, err := offsets.Committed(g.cfg.Groups.Rates, map[string][]int32{g.cfg.Topics.Rates: partitions})
	if errors.Is(err, streams.ErrNoOffset) || errors.Is(err, sarama.ErrGroupIDNotFound) {
		return false, nil // the group has not committed yet
	}
	if errors.Is(err, streams.ErrCoordinatorNotReady) {
		return false, nil // asked again at the next tick, as long as ctx lasts
	}
	if err != nil {
		return false, fmt.Errorf("rates gate: %w", err)
	}
	for _, p := range partitions {
		if committed[g.cfg.Topics.Rates][p] < target[p] {
			return false, nil
		}
	}
	return true, nil
}
