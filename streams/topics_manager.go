package streams

import (
	"fmt"
	"strconv"

	"github.com/lovoo/goka"
)

// NewTopicManager connects goka's topic manager to cfg's brokers, wrapped so
// that every topic it creates (streams, tables, goka's loops) gets MinISR.
// Every topic txstream creates goes through it.
func NewTopicManager(cfg Config) (goka.TopicManager, error) {
	tmc := cfg.TopicManager()
	tm, err := goka.NewTopicManager(cfg.Brokers, cfg.Sarama(), tmc)
	if err != nil {
		return nil, fmt.Errorf("connect topic manager to %v: %w", cfg.Brokers, err)
	}
	return withMinISR(tm, tmc, cfg.MinISR()), nil
}

// withMinISR wraps tm unless minISR is 0 (the broker's default applies).
func withMinISR(tm goka.TopicManager, tmc *goka.TopicManagerConfig, minISR int) goka.TopicManager {
	if minISR == 0 {
		return tm
	}
	return minISRTopics{TopicManager: tm, tmc: tmc, minISR: strconv.Itoa(minISR)}
}

// minISRTopics is a goka topic manager that adds min.insync.replicas to the
// configs of every topic it creates. goka's EnsureStreamExists and
// EnsureTableExists take no configs, so they are EnsureTopicExists here with
// the configs goka would give (its cleanup policy and stream retention).
type minISRTopics struct {
	goka.TopicManager
	tmc    *goka.TopicManagerConfig
	minISR string
}

func (m minISRTopics) EnsureStreamExists(topic string, npar int) error {
	policy := m.tmc.Stream.CleanupPolicy
	if policy == "" {
		policy = "delete"
	}
	return m.EnsureTopicExists(topic, npar, m.tmc.Stream.Replication, map[string]string{
		"cleanup.policy": policy,
		"retention.ms":   strconv.FormatInt(m.tmc.Stream.Retention.Milliseconds(), 10),
	})
}

func (m minISRTopics) EnsureTableExists(topic string, npar int) error {
	policy := m.tmc.Table.CleanupPolicy
	if policy == "" {
		policy = "compact"
	}
	return m.EnsureTopicExists(topic, npar, m.tmc.Table.Replication, map[string]string{"cleanup.policy": policy})
}

func (m minISRTopics) EnsureTopicExists(topic string, npar, rfactor int, config map[string]string) error {
	withISR := map[string]string{minISRConfig: m.minISR}
	for k, v := range config {
		withISR[k] = v
	}
	return m.TopicManager.EnsureTopicExists(topic, npar, rfactor, withISR)
}

// minISRConfig is Kafka's topic config name.
const minISRConfig = "min.insync.replicas"
