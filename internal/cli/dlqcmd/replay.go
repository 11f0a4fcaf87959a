package dlqcmd

import (
	"context"
	"fmt"

	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

// handful is the most replays done without a progress report.
const handful = 10

var replayProgress = cli.ProgressText{Doing: "replaying dead letters", Done: "replayed %d of %d dead letters", Every: 100}

// Replay re-publishes the chosen dead letters to their source topics and
// says on Stdout what it did with each. Dead letters named by IDs must
// all exist and be replayable, or nothing is written.
func Replay(ctx context.Context, cfg ReplayConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	cl, log, err := cfg.read(ctx)
	if err != nil {
		return err
	}
	defer cl.Close()
	steps, err := planReplay(log, cfg)
	if err != nil {
		return err
	}
	parts, err := sourcePartitions(ctx, cl, steps)
	if err != nil {
		return err
	}
	r := replayer{out: cfg.Out, rp: dlq.NewReplayer(cl, log.Topic), parts: parts, dryRun: cfg.DryRun}
	return r.run(ctx, steps)
}

// replayer carries out the steps and tells the operator about each.
type replayer struct {
	out    cli.Output
	rp     dlq.Replayer
	parts  map[string]int // partitions of each source topic
	dryRun bool

	replayed, skipped, refused int
}

func (r *replayer) run(ctx context.Context, steps []replayStep) error {
	total := 0
	for _, st := range steps {
		if st.skip == "" {
			total++
		}
	}
	progress, finish := func(int, int) {}, func() {}
	if total > handful && !r.dryRun {
		progress, finish = r.out.Progress(total, replayProgress)
	}
	for _, st := range steps {
		if err := r.step(ctx, st); err != nil {
			finish()
			fmt.Fprintln(r.out.Stdout, r.summary())
			return err
		}
		if st.skip == "" {
			progress(r.replayed, total)
		}
	}
	finish()
	fmt.Fprintln(r.out.Stdout, r.summary())
	return nil
}

func (r *replayer) step(ctx context.Context, st replayStep) error {
	l := st.letter
	switch {
	case st.skip != "":
		fmt.Fprintf(r.out.Stdout, "skipped %s: %s\n", l.ID, st.skip)
		if st.refuse {
			r.refused++
		} else {
			r.skipped++
		}
		return nil
	case r.dryRun:
		fmt.Fprintf(r.out.Stdout, "would replay %s (%s, key %s) to %s\n", l.ID, l.Reason, showKey(l.Key), r.target(l))
	default:
		to, err := r.rp.Replay(ctx, l)
		if err != nil {
			return err
		}
		fmt.Fprintf(r.out.Stdout, "replayed %s (%s, key %s) to %s\n", l.ID, l.Reason, showKey(l.Key), to)
	}
	r.replayed++
	return nil
}

// target is where a replay of l would go: the key's partition under
// Kafka's standard partitioner.
func (r *replayer) target(l dlq.Letter) string {
	if l.Key == nil {
		return l.Source.Topic + " (no key: a partition the producer picks)"
	}
	return fmt.Sprintf("%s partition %d", l.Source.Topic, streams.PartitionOf(l.Key, int32(r.parts[l.Source.Topic])))
}

func (r *replayer) summary() string {
	verb := "replayed"
	if r.dryRun {
		verb = "dry run: would replay"
	}
	return fmt.Sprintf("%s %d; skipped %d already replayed, %d refused", verb, r.replayed, r.skipped, r.refused)
}
