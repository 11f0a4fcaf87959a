package dlq

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// ClientOptions are those of a client that reads the dead-letter topic
// and replays from it: the producer options every txstream writer uses,
// with markers put in the partition they name (beside their dead letter)
// and every other record where Kafka's standard partitioner puts its key.
// Control records are kept so that Read sees a partition's last offset
// even when a transaction's commit marker holds it.
func ClientOptions(cfg streams.Config, deadLetters string) []kgo.Opt {
	return append(streams.ProducerOptions(cfg),
		kgo.RecordPartitioner(partitioner{deadLetters}),
		kgo.KeepControlRecords())
}

type partitioner struct{ deadLetters string }

func (p partitioner) ForTopic(topic string) kgo.TopicPartitioner {
	if topic == p.deadLetters {
		return kgo.ManualPartitioner().ForTopic(topic)
	}
	return streams.KeyPartitioner().ForTopic(topic)
}

// Replayable says why l may not be replayed from the dead-letter topic
// deadLetters; nil when it may.
func Replayable(l Letter, deadLetters string) error {
	switch {
	case l.Problem != "":
		return fmt.Errorf("dead letter %s: %s: %w", l.ID, l.Problem, ErrUnreadable)
	case l.IsTable():
		return fmt.Errorf("dead letter %s of %s (%s): %w; write a corrected value to the input topic of the table's processor",
			l.ID, l.Source.Topic, l.Reason, ErrTable)
	case l.Reason == streams.ReasonWebhookFailed:
		return fmt.Errorf("dead letter %s of %s: %w; its value is the message's body, for its receiver",
			l.ID, l.Source.Topic, ErrWebhookMessage)
	case l.Source.Topic == deadLetters:
		return fmt.Errorf("dead letter %s names the dead-letter topic as its source: %w", l.ID, ErrUnreadable)
	}
	return nil
}

// Replayer re-publishes dead letters to their source topics and marks them
// replayed.
type Replayer struct {
	cl          *kgo.Client // with ClientOptions
	deadLetters string
}

// NewReplayer replays from the dead-letter topic deadLetters with cl,
// a client made with ClientOptions.
func NewReplayer(cl *kgo.Client, deadLetters string) Replayer {
	return Replayer{cl: cl, deadLetters: deadLetters}
}

// Replay re-publishes l's key, value and original headers to its source
// topic and, once that is acknowledged, appends its marker. A failure in
// between leaves the record published and unmarked (ErrUnmarked): a
// replay is at least once, and the processors take a repeated record as
// they take any redelivery.
func (rp Replayer) Replay(ctx context.Context, l Letter) (Place, error) {
	if err := Replayable(l, rp.deadLetters); err != nil {
		return Place{}, err
	}
	r, err := rp.cl.ProduceSync(ctx, republished(l)).First()
	if err != nil {
		return Place{}, fmt.Errorf("re-publish dead letter %s to %s: %w", l.ID, l.Source.Topic, err)
	}
	to := Place{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset}
	if err := rp.cl.ProduceSync(ctx, markerRecord(rp.deadLetters, l, to)).FirstErr(); err != nil {
		return to, fmt.Errorf("dead letter %s to %s: %w: %w", l.ID, to, ErrUnmarked, err)
	}
	return to, nil
}

// republished is the record a replay writes: the original's key, value
// and headers, and which dead letter it replays (replacing the header of
// an earlier replay, when the record was dead-lettered again).
func republished(l Letter) *kgo.Record {
	r := &kgo.Record{Topic: l.Source.Topic, Key: l.Key, Value: l.Value}
	for _, h := range l.Headers {
		if h.Key != HeaderSourceReplayOf {
			r.Headers = append(r.Headers, h)
		}
	}
	r.Headers = append(r.Headers, kgo.RecordHeader{Key: HeaderSourceReplayOf, Value: []byte(l.ID.String())})
	return r
}
