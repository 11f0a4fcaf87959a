package streams

import (
	"errors"
	"fmt"

	"github.com/lovoo/goka"
)

// EnsureTopics creates the stream topics that do not exist yet, with the
// configured partitions and replication, and checks those that do. goka
// creates the group tables itself, with their inputs' partition count.
func EnsureTopics(cfg Config) error {
	tm, err := goka.NewTopicManager(cfg.Brokers, cfg.Sarama(), cfg.TopicManager())
	if err != nil {
		return fmt.Errorf("connect topic manager to %v: %w", cfg.Brokers, err)
	}
	defer tm.Close()
	var errs []error
	for _, topic := range cfg.streamTopics() {
		if err := ensureStream(tm, topic, cfg.Partitions); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func ensureStream(tm goka.TopicManager, topic string, partitions int) error {
	if err := tm.EnsureStreamExists(topic, partitions); err != nil && !CreatedMeanwhile(tm, topic, err) {
		return fmt.Errorf("topic %s: %w", topic, err)
	}
	got, err := tm.Partitions(topic)
	if err != nil {
		return fmt.Errorf("topic %s: %w", topic, err)
	}
	if len(got) != partitions {
		return fmt.Errorf("%w: topic %s has %d partitions, configured %d; co-partitioned inputs need equal counts",
			ErrTopicMismatch, topic, len(got), partitions)
	}
	return nil
}

func (c Config) streamTopics() []string {
	return []string{c.Topics.Transactions, c.Topics.Conversions, c.Topics.ConversionResults, c.Topics.Statuses, c.Topics.Rates}
}
