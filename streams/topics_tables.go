package streams

import (
	"fmt"
)

// EnsureTables creates the group tables of groups, as their processors
// would, so that a view can start before the first processor of its group
// ever ran (a fresh cluster, or a process without the processor role).
// EnsureTopics covers the stream topics only.
func EnsureTables(cfg Config, groups ...string) error {
	tm, err := NewTopicManager(cfg)
	if err != nil {
		return err
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
