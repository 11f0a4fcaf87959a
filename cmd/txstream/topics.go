package main

import (
	"fmt"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
)

// ensureTables creates the group tables this process views, as their
// processors would, so that a view can start before the first processor
// of its group ever ran (a fresh cluster, or a process without the
// processor role). streams.EnsureTopics covers the stream topics only.
func ensureTables(sc streams.Config, groups ...string) error {
	tm, err := goka.NewTopicManager(sc.Brokers, sc.Sarama(), sc.TopicManager())
	if err != nil {
		return fmt.Errorf("connect topic manager to %v: %w", sc.Brokers, err)
	}
	defer tm.Close()
	for _, g := range groups {
		table := string(streams.Table(g))
		if err := tm.EnsureTableExists(table, sc.TablePartitions(tm, g)); err != nil && !streams.CreatedMeanwhile(tm, table, err) {
			return fmt.Errorf("table %s: %w", table, err)
		}
	}
	return nil
}
