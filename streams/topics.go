package streams

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/lovoo/goka"
)

// EnsureTopics creates the stream topics that do not exist yet, with the
// configured partitions and replication, and checks those that do. goka
// creates the group tables itself, with their inputs' partition count.
func EnsureTopics(cfg Config) error { return ensureTopics(cfg, cfg.streamTopics()) }

// EnsureRatesTopic creates the rates topic if it does not exist yet, with
// RatesPartitions and Replication, and touches no other topic: a rates
// import needs only it, and must not depend on the other topics' settings
// (an existing transaction topic of another Partitions would refuse it).
func EnsureRatesTopic(cfg Config) error {
	return ensureTopics(cfg, []streamTopic{cfg.ratesTopic()})
}

func ensureTopics(cfg Config, topics []streamTopic) error {
	tm, err := NewTopicManager(cfg)
	if err != nil {
		return err
	}
	defer tm.Close()
	var errs []error
	for _, topic := range topics {
		if err := ensureStream(tm, topic, cfg.Replication); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// streamTopic is a stream topic with the partitions it is created with.
// Co-partitioned topics must also have that count when they exist already.
type streamTopic struct {
	name          string
	partitions    int
	coPartitioned bool
	// retention when created; 0 keeps the topic manager's for streams.
	retention time.Duration
}

func ensureStream(tm goka.TopicManager, topic streamTopic, replication int) error {
	if err := createStream(tm, topic, replication); err != nil && !CreatedMeanwhile(tm, topic.name, err) {
		return fmt.Errorf("topic %s: %w", topic.name, err)
	}
	got, err := visiblePartitions(tm, topic.name)
	if err != nil {
		return fmt.Errorf("topic %s: %w", topic.name, err)
	}
	if topic.coPartitioned && len(got) != topic.partitions {
		return fmt.Errorf("%w: topic %s has %d partitions, configured %d; co-partitioned inputs need equal counts",
			ErrTopicMismatch, topic.name, len(got), topic.partitions)
	}
	return nil
}

func createStream(tm goka.TopicManager, topic streamTopic, replication int) error {
	if topic.retention == 0 {
		return tm.EnsureStreamExists(topic.name, topic.partitions)
	}
	return tm.EnsureTopicExists(topic.name, topic.partitions, replication, map[string]string{
		"cleanup.policy": "delete", // never compact: the replay markers of txstream dlq have no value
		"retention.ms":   strconv.FormatInt(topic.retention.Milliseconds(), 10),
	})
}

// streamTopics are every stream topic. The rates topic is the rates group's
// only input, so any partition count works for it.
func (c Config) streamTopics() []streamTopic {
	return []streamTopic{
		{c.Topics.Transactions, c.Partitions, true, 0},
		{c.Topics.Conversions, c.Partitions, true, 0},
		{c.Topics.ConversionResults, c.Partitions, true, 0},
		c.ratesTopic(),
		{c.Topics.DeadLetter, 1, false, c.DeadLetterRetention},
	}
}

// ratesTopic is the rates topic, the rates group's only input, so not
// co-partitioned with anything.
func (c Config) ratesTopic() streamTopic {
	return streamTopic{c.Topics.Rates, c.RatesPartitions, false, 0}
}

// InputPartitions is the partition count of group's input topics, and so
// of its table: that of the rates topic for the rates group
// (RatesPartitions, which the composition sets to an existing rates
// topic's count, see RatesTopicPartitions), Partitions for the others.
// Processors refuse a record whose key does not hash to its partition
// among these.
func (c Config) InputPartitions(group string) int {
	if group == c.Groups.Rates {
		return c.RatesPartitions
	}
	return c.Partitions
}

// RatesTopicPartitions is the partition count of the rates topic as it
// exists on the brokers (it may predate RatesPartitions), or
// RatesPartitions while it does not exist. Brokers that fail the lookup
// are an error, not RatesPartitions: the processors would refuse the
// topic's rates as on another partition than their key's.
func RatesTopicPartitions(cfg Config) (int, error) {
	tm, err := NewTopicManager(cfg)
	if err != nil {
		return 0, err
	}
	defer tm.Close()
	got, err := tm.Partitions(cfg.Topics.Rates)
	switch {
	case err != nil && !notFound(err):
		return 0, fmt.Errorf("topic %s: %w", cfg.Topics.Rates, err)
	case len(got) > 0:
		return len(got), nil
	}
	return cfg.RatesPartitions, nil
}

// TablePartitions is the partition count goka gives group's table when it
// creates it: that of the group's input topics. For the rates group it is
// the rates topic's actual count (it may predate RatesPartitions), falling
// back to RatesPartitions while that topic does not exist.
func (c Config) TablePartitions(tm goka.TopicManager, group string) int {
	if group != c.Groups.Rates {
		return c.Partitions
	}
	if got, err := tm.Partitions(c.Topics.Rates); err == nil && len(got) > 0 {
		return len(got)
	}
	return c.RatesPartitions
}
