package metrics

import (
	"context"

	"github.com/IBM/sarama"
	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
)

// GokaProcessor is what the goka collector reads of a processor at scrape
// time; *goka.Processor has these methods.
type GokaProcessor interface {
	Graph() *goka.GroupGraph
	StatsWithContext(ctx context.Context) *goka.ProcessorStats
	Recovered() bool
}

// GokaView is what the goka collector reads of a view at scrape time;
// *goka.View has these methods.
type GokaView interface {
	Topic() string
	Stats(ctx context.Context) *goka.ViewStats
	Recovered() bool
}

// OffsetReader tells where a partition ends and where a consumer group
// stands on it, read from Kafka when Prometheus scrapes. KafkaOffsets is the
// implementation over a sarama client.
type OffsetReader interface {
	// HighWaterMarks are the offsets the next records of the partitions
	// get, read in one request per leader; a partition it could not read
	// is missing, and the error names it.
	HighWaterMarks(partitions map[string][]int32) (map[string]map[int32]int64, error)
	// Committed is where group resumes on each partition of topics: its
	// committed offset, or the oldest retained offset when it has none
	// (txstream consumers start from the oldest record).
	Committed(group string, partitions map[string][]int32) (map[string]map[int32]int64, error)
}

// namedView is an attached view with the owner label it reports under.
type namedView struct {
	name string
	view GokaView
}

// KafkaOffsets reads offsets from the brokers; it implements OffsetReader.
type KafkaOffsets = streams.KafkaOffsets

var _ OffsetReader = (*KafkaOffsets)(nil)

// NewKafkaOffsets connects to brokers with cfg (streams.Config.Sarama()).
func NewKafkaOffsets(brokers []string, cfg *sarama.Config) (*KafkaOffsets, error) {
	return streams.NewKafkaOffsets(brokers, cfg)
}
