package streams

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TopicMismatch is an existing topic of txstream's whose replication
// differs from the configured one. txstream does not change it (that is
// a reassignment, or kafka-configs, for an operator), and runs on: the
// topic works, with other guarantees than configured.
type TopicMismatch struct {
	Topic   string
	Setting string // "replication factor" or "min.insync.replicas"
	Found   int    // -1: could not be read
	Wanted  int
}

func (m TopicMismatch) String() string {
	return fmt.Sprintf("topic %s: %s %d, configured %d", m.Topic, m.Setting, m.Found, m.Wanted)
}

// Settings compared by CheckReplication.
const (
	settingReplication = "replication factor"
	settingMinISR      = minISRConfig
)

// CheckReplication compares the replication factor and min.insync.replicas
// of txstream's existing stream topics and group tables with Replication
// and MinISR (min.insync.replicas only when MinISR is not 0), and lists
// those that differ. Topics that do not exist are not its business.
func CheckReplication(ctx context.Context, cfg Config) ([]TopicMismatch, error) {
	cl, err := kgo.NewClient(ClientOptions(cfg)...)
	if err != nil {
		return nil, fmt.Errorf("kafka client for %v: %w", cfg.Brokers, err)
	}
	defer cl.Close()
	adm := kadm.NewClient(cl)
	details, err := adm.ListTopics(ctx, cfg.ownTopics()...)
	if err != nil {
		return nil, fmt.Errorf("describe topics on %v: %w", cfg.Brokers, err)
	}
	var found []string
	var out []TopicMismatch
	for _, d := range details.Sorted() {
		if d.Err != nil || len(d.Partitions) == 0 {
			continue // unknown topic
		}
		found = append(found, d.Topic)
		if rf := replicationFactor(d); rf != cfg.Replication {
			out = append(out, TopicMismatch{d.Topic, settingReplication, rf, cfg.Replication})
		}
	}
	isr, err := minISRMismatches(ctx, adm, found, cfg.MinISR())
	return append(out, isr...), err
}

// replicationFactor is the fewest replicas any partition of the topic has.
func replicationFactor(d kadm.TopicDetail) int {
	least := -1
	for _, p := range d.Partitions {
		if least < 0 || len(p.Replicas) < least {
			least = len(p.Replicas)
		}
	}
	return least
}

// minISRMismatches lists the topics whose min.insync.replicas is not want.
func minISRMismatches(ctx context.Context, adm *kadm.Client, topics []string, want int) ([]TopicMismatch, error) {
	if want == 0 || len(topics) == 0 {
		return nil, nil
	}
	configs, err := adm.DescribeTopicConfigs(ctx, topics...)
	if err != nil {
		return nil, fmt.Errorf("describe configs of %v: %w", topics, err)
	}
	var out []TopicMismatch
	for _, rc := range configs {
		if rc.Err != nil {
			return nil, fmt.Errorf("configs of %s: %w", rc.Name, rc.Err)
		}
		if got := minISROf(rc); got != want {
			out = append(out, TopicMismatch{rc.Name, settingMinISR, got, want})
		}
	}
	slices.SortFunc(out, func(a, b TopicMismatch) int { return strings.Compare(a.Topic, b.Topic) })
	return out, nil
}

// minISROf is the topic's min.insync.replicas, -1 when it cannot be read.
func minISROf(rc kadm.ResourceConfig) int {
	for _, c := range rc.Configs {
		if c.Key == minISRConfig && c.Value != nil {
			if n, err := strconv.Atoi(*c.Value); err == nil {
				return n
			}
		}
	}
	return -1
}

// ownTopics are the stream topics and group tables txstream creates.
func (c Config) ownTopics() []string {
	var out []string
	for _, t := range c.streamTopics() {
		out = append(out, t.name)
	}
	g := c.Groups
	for _, group := range []string{g.Transactions, g.Conversions, g.StatusLog, g.Rates} {
		out = append(out, string(Table(group)))
	}
	return out
}
