package streams

import (
	"errors"
	"fmt"

	"github.com/lovoo/goka"
)

// EnsureWebhookTopics creates the webhook topics that do not exist yet:
// the registrations topic, compacted with one partition (a handful of
// endpoints, read whole by every process that delivers or lists them, as
// the rates table is); the deliveries topic, a stream with Partitions
// partitions like the other inputs of a group; and the two groups' tables
// and the webhooks group's loopback topic, which goka would create when
// the first processor is built: members that start together would race
// to create them, and goka fails the loser ("already exists").
func EnsureWebhookTopics(cfg Config) error {
	tm, err := NewTopicManager(cfg)
	if err != nil {
		return err
	}
	defer tm.Close()
	loop := WebhooksLoop(cfg)
	return errors.Join(
		ensureTable(tm, cfg.Topics.Webhooks, 1),
		ensureTable(tm, string(Table(cfg.Groups.Webhooks)), cfg.Partitions),
		ensureTable(tm, string(Table(cfg.Groups.WebhookDeliveries)), cfg.Partitions),
		ensureStream(tm, streamTopic{cfg.Topics.WebhookDeliveries, cfg.Partitions, true, 0}, cfg.Replication),
		ensureStream(tm, streamTopic{loop, cfg.Partitions, true, 0}, cfg.Replication),
	)
}

func ensureTable(tm goka.TopicManager, name string, partitions int) error {
	if err := tm.EnsureTableExists(name, partitions); err != nil && !CreatedMeanwhile(tm, name, err) {
		return fmt.Errorf("table %s: %w", name, err)
	}
	return nil
}

// WebhooksLoop is the webhooks group's loopback topic, as goka names it.
func WebhooksLoop(cfg Config) string { return cfg.Groups.Webhooks + "-loop" }
