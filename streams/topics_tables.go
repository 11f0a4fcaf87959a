package streams

import (
	"fmt"

	"github.com/lovoo/goka"
)

// EnsureTables creates the group tables of groups, as their processors
// would, so that a view can start before the first processor of its group
// ever ran (a fresh cluster, or a process without the processor role).
// EnsureTopics covers the stream topics only.
func EnsureTables(cfg Config, groups ...string) error {
	tm, err := goka.NewTopicManager(cfg.Brokers, cfg.Sarama(), cfg.TopicManager())
	if err != nil {
		return fmt.Errorf("connect topic manager to %v: %w", cfg.Brokers, err)
	}
	defer tm.Close()
	for _, g := range groups {
		table := string(Table(g))
		if err := tm.EnsureTableExists(table, cfg.TablePartitions(tm, g)); err != nil && !CreatedMeanwhile(tm, table, err) {
			return fmt.Errorf("table %s: %w", table, err)
		}
	}
	return nil
}
