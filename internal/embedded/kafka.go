package embedded

import (
	"fmt"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
)

// KafkaConfig configures the embedded broker.
type KafkaConfig struct {
	// Port to listen on (loopback); 0 picks a free one.
	Port int
	// DataDir persists the log across restarts; empty keeps it in memory.
	DataDir string
	// Partitions of topics that clients create without saying how many.
	Partitions int
}

// Kafka is a running embedded Kafka-protocol broker.
type Kafka struct {
	Cluster *kfake.Cluster
	Brokers []string
}

// StartKafka starts one kfake broker on loopback. Its group session bounds
// are short so that group members join and leave in tests without the
// broker's six-second default minimum.
func StartKafka(cfg KafkaConfig) (*Kafka, error) {
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.GroupMinSessionTimeout(100 * time.Millisecond),
		kfake.AllowAutoTopicCreation(),
	}
	if cfg.Port != 0 {
		opts = append(opts, kfake.Ports(cfg.Port))
	}
	if cfg.Partitions > 0 {
		opts = append(opts, kfake.DefaultNumPartitions(cfg.Partitions))
	}
	if cfg.DataDir != "" {
		opts = append(opts, kfake.DataDir(cfg.DataDir))
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("start embedded kafka: %w", err)
	}
	return &Kafka{Cluster: cluster, Brokers: cluster.ListenAddrs()}, nil
}

// Close stops the broker.
func (k *Kafka) Close() { k.Cluster.Close() }
