package dlq

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Log is the dead-letter topic as it was when Read listed its ends.
type Log struct {
	Topic   string
	Letters []Letter // by partition, then offset
	Markers int
}

// Read reads topic from its start up to the end it had when Read began,
// and marks each dead letter with its latest replay. cl must not consume
// anything else; Read leaves it consuming nothing.
func Read(ctx context.Context, cl *kgo.Client, topic string) (*Log, error) {
	highs, err := ends(ctx, cl, topic)
	if err != nil {
		return nil, err
	}
	records, err := consume(ctx, cl, topic, highs)
	if err != nil {
		return nil, err
	}
	return assemble(topic, records)
}

// consume reads every partition of highs from its start to its high
// watermark. Records written meanwhile are left for the next reader;
// control records only tell how far a partition has been read.
func consume(ctx context.Context, cl *kgo.Client, topic string, highs map[int32]int64) ([]*kgo.Record, error) {
	if len(highs) == 0 {
		return nil, nil
	}
	from := make(map[int32]kgo.Offset, len(highs))
	left := make(map[int32]int64, len(highs))
	for p, high := range highs {
		from[p], left[p] = kgo.NewOffset().AtStart(), high
	}
	cl.AddConsumePartitions(map[string]map[int32]kgo.Offset{topic: from})
	defer cl.RemoveConsumePartitions(map[string][]int32{topic: keys(highs)})
	var records []*kgo.Record
	for len(left) > 0 {
		fetches := cl.PollFetches(ctx)
		if err := fetches.Err0(); err != nil {
			return nil, fmt.Errorf("read %s: %w", topic, err)
		}
		for _, err := range fetches.Errors() {
			return nil, fmt.Errorf("read %s/%d: %w", err.Topic, err.Partition, err.Err)
		}
		fetches.EachRecord(func(r *kgo.Record) {
			high, reading := left[r.Partition]
			if !reading || r.Offset >= high {
				return
			}
			if !r.Attrs.IsControl() {
				records = append(records, r)
			}
			if r.Offset+1 >= high {
				delete(left, r.Partition)
			}
		})
	}
	return records, nil
}

// assemble parses the records in topic order and attaches each marker to
// the dead letter it names; a later marker replaces an earlier one.
func assemble(topic string, records []*kgo.Record) (*Log, error) {
	slices.SortFunc(records, func(a, b *kgo.Record) int {
		return cmp.Or(cmp.Compare(a.Partition, b.Partition), cmp.Compare(a.Offset, b.Offset))
	})
	log := &Log{Topic: topic}
	at := map[ID]int{}
	for _, r := range records {
		if !isMarker(r) {
			at[ID{r.Partition, r.Offset}] = len(log.Letters)
			log.Letters = append(log.Letters, parseLetter(r))
			continue
		}
		m, err := parseMarker(r)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", topic, err)
		}
		log.Markers++
		if i, ok := at[m.Of]; ok {
			log.Letters[i].Replayed = &m
		}
	}
	return log, nil
}

// Find returns the dead letter id names.
func (l *Log) Find(id ID) (Letter, bool) {
	i, found := slices.BinarySearchFunc(l.Letters, id, func(x Letter, id ID) int {
		return cmp.Or(cmp.Compare(x.ID.Partition, id.Partition), cmp.Compare(x.ID.Offset, id.Offset))
	})
	if !found {
		return Letter{}, false
	}
	return l.Letters[i], true
}

func keys(m map[int32]int64) []int32 {
	out := make([]int32, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
