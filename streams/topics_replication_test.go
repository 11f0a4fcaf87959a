package streams_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestTopicsGetTheConfiguredReplication: with replication 3, every stream
// topic and group table txstream creates has three replicas and
// min.insync.replicas 2 (MinISR), and the check finds nothing to report.
// On three embedded brokers, or on kafka.sh's cluster (KAFKA_NODES=3).
func TestTopicsGetTheConfiguredReplication(t *testing.T) {
	cfg := testenv.NamedStreamsConfig(t, testenv.ReplicatedKafka(t), 3)
	cfg.Replication = 3
	provision(t, cfg)
	adm := testenv.Admin(t, cfg)
	topics := ownTopics(cfg)
	details, err := adm.ListTopics(t.Context(), topics...)
	if err != nil {
		t.Fatal(err)
	}
	configs, err := adm.DescribeTopicConfigs(t.Context(), topics...)
	if err != nil {
		t.Fatal(err)
	}
	for _, topic := range topics {
		d := details[topic]
		if d.Err != nil || len(d.Partitions) == 0 {
			t.Errorf("%s: not created (%v)", topic, d.Err)
			continue
		}
		for _, p := range d.Partitions {
			if len(p.Replicas) != 3 {
				t.Errorf("%s/%d: replicas %v, want 3", topic, p.Partition, p.Replicas)
			}
		}
		rc, err := configs.On(topic, nil)
		if err != nil {
			t.Fatalf("configs of %s: %v", topic, err)
		}
		if !slices.ContainsFunc(rc.Configs, minISRIs("2")) {
			t.Errorf("%s: min.insync.replicas not 2", topic)
		}
	}
	if found := checkReplication(t, cfg); len(found) != 0 {
		t.Errorf("CheckReplication = %v, want nothing", found)
	}
}

// TestReplicationMismatchIsReported: an existing topic with one replica and
// min.insync.replicas 1 is used as it is (txstream does not refuse to
// start), and the check names it with what it found and what it wanted.
func TestReplicationMismatchIsReported(t *testing.T) {
	cfg := testenv.NamedStreamsConfig(t, testenv.ReplicatedKafka(t), 3)
	cfg.Replication = 3
	one := "1"
	if _, err := testenv.Admin(t, cfg).CreateTopic(t.Context(), 3, 1, map[string]*string{"min.insync.replicas": &one}, cfg.Topics.Conversions); err != nil {
		t.Fatal(err)
	}
	provision(t, cfg)
	want := []streams.TopicMismatch{
		{Topic: cfg.Topics.Conversions, Setting: "replication factor", Found: 1, Wanted: 3},
		{Topic: cfg.Topics.Conversions, Setting: "min.insync.replicas", Found: 1, Wanted: 2},
	}
	if found := checkReplication(t, cfg); !slices.Equal(found, want) {
		t.Errorf("CheckReplication = %v, want %v", found, want)
	}
}

func provision(t *testing.T, cfg streams.Config) {
	t.Helper()
	if err := streams.EnsureTopics(cfg); err != nil {
		t.Fatal(err)
	}
	g := cfg.Groups
	if err := streams.EnsureTables(cfg, g.Transactions, g.Conversions, g.StatusLog, g.Rates); err != nil {
		t.Fatal(err)
	}
}

func checkReplication(t *testing.T, cfg streams.Config) []streams.TopicMismatch {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	found, err := streams.CheckReplication(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// ownTopics are the stream topics and tables of cfg.
func ownTopics(cfg streams.Config) []string {
	n, g := cfg.Topics, cfg.Groups
	out := []string{n.Transactions, n.Conversions, n.ConversionResults, n.Rates, n.DeadLetter}
	for _, group := range []string{g.Transactions, g.Conversions, g.StatusLog, g.Rates} {
		out = append(out, string(streams.Table(group)))
	}
	return out
}

func minISRIs(v string) func(kadm.Config) bool {
	return func(c kadm.Config) bool { return c.Key == "min.insync.replicas" && c.Value != nil && *c.Value == v }
}
