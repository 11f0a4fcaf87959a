package dlqcmd

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams/dlq"
)

// replayStep is what a replay does with one chosen dead letter.
type replayStep struct {
	letter dlq.Letter
	skip   string // why it is not replayed; empty when it is
	refuse bool   // skipped because it may never be replayed
}

// planReplay chooses the dead letters of log to replay. Dead letters named
// by IDs must all exist and be replayable, or nothing is written; All
// passes over those that are not, saying why.
func planReplay(log *dlq.Log, o ReplayConfig) ([]replayStep, error) {
	var steps []replayStep
	if o.All {
		for _, l := range o.Filter.Select(log) {
			steps = append(steps, stepOf(l, log.Topic, o.Force))
		}
		return steps, nil
	}
	var errs []error
	for _, id := range dedupe(o.IDs) {
		l, ok := log.Find(id)
		if !ok {
			errs = append(errs, fmt.Errorf("no dead letter at offset %s of %s", id, log.Topic))
			continue
		}
		if err := dlq.Replayable(l, log.Topic); err != nil {
			errs = append(errs, err)
			continue
		}
		steps = append(steps, stepOf(l, log.Topic, o.Force))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("nothing replayed: %w", errors.Join(errs...))
	}
	return steps, nil
}

func stepOf(l dlq.Letter, topic string, force bool) replayStep {
	if err := dlq.Replayable(l, topic); err != nil {
		return replayStep{letter: l, skip: "refused: " + err.Error(), refuse: true}
	}
	if l.Replayed != nil && !force {
		return replayStep{letter: l, skip: "already replayed to " + l.Replayed.To.String() + "; --force replays it again"}
	}
	return replayStep{letter: l}
}

func dedupe(ids []dlq.ID) []dlq.ID {
	var out []dlq.ID
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// sourcePartitions counts the partitions of the topics the steps replay
// to, and refuses topics that do not exist: a producer would create them
// with the broker's default count and put keys where no processor reads.
func sourcePartitions(ctx context.Context, cl *kgo.Client, steps []replayStep) (map[string]int, error) {
	counts := map[string]int{}
	var missing []string
	for _, st := range steps {
		topic := st.letter.Source.Topic
		if _, seen := counts[topic]; seen || st.skip != "" {
			continue
		}
		parts, err := dlq.Partitions(ctx, cl, topic)
		if errors.Is(err, dlq.ErrNoTopic) {
			missing = append(missing, topic)
		} else if err != nil {
			return nil, err
		}
		counts[topic] = len(parts)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("nothing replayed: source topics %s: %w", strings.Join(missing, ", "), dlq.ErrNoTopic)
	}
	return counts, nil
}
