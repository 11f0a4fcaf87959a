package streams

import (
	"errors"
	"fmt"
)

// EnsureWebhookTopics creates the webhook topics that do not exist yet:
// the registrations topic, compacted with one partition (a handful of
// endpoints, read whole by every process that delivers or lists them, as
// the rates table is), and the deliveries topic, a stream with Partitions
// partitions like the other inputs of a group. goka creates the webhooks
// group's table and loop topic itself.
func EnsureWebhookTopics(cfg Config) error {
	tm, err := NewTopicManager(cfg)
	if err != nil {
		return err
	}
	defer tm.Close()
	name := cfg.Topics.Webhooks
	err = tm.EnsureTableExists(name, 1)
	if err != nil && !CreatedMeanwhile(tm, name, err) {
		err = fmt.Errorf("topic %s: %w", name, err)
	} else {
		err = nil
	}
	return errors.Join(err, ensureStream(tm, streamTopic{cfg.Topics.WebhookDeliveries, cfg.Partitions, true, 0}, cfg.Replication))
}
