package streams

import (
	"errors"
	"fmt"

	"github.com/IBM/sarama"
)

// KafkaOffsets reads end offsets and committed offsets from the brokers:
// the lag the metrics report, and the pipeline's start gate. It owns its
// client; Close releases it.
type KafkaOffsets struct {
	client sarama.Client
	admin  sarama.ClusterAdmin
}

// NewKafkaOffsets connects to brokers with cfg (Config.Sarama()).
func NewKafkaOffsets(brokers []string, cfg *sarama.Config) (*KafkaOffsets, error) {
	client, err := sarama.NewClient(brokers, cfg)
	if err != nil {
		return nil, fmt.Errorf("offsets client: %w", err)
	}
	admin, err := sarama.NewClusterAdminFromClient(client)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("offsets admin: %w", err), client.Close())
	}
	return &KafkaOffsets{client: client, admin: admin}, nil
}

// HighWaterMark asks the partition's leader for its end offset.
func (k *KafkaOffsets) HighWaterMark(topic string, partition int32) (int64, error) {
	off, err := k.client.GetOffset(topic, partition, sarama.OffsetNewest)
	if err != nil {
		return 0, fmt.Errorf("high watermark of %s/%d: %w", topic, partition, err)
	}
	return off, nil
}

// Partitions lists topic's partitions as the brokers' metadata has them.
func (k *KafkaOffsets) Partitions(topic string) ([]int32, error) {
	if err := k.client.RefreshMetadata(topic); err != nil {
		return nil, fmt.Errorf("partitions of %s: %w", topic, err)
	}
	ps, err := k.client.Partitions(topic)
	if err != nil {
		return nil, fmt.Errorf("partitions of %s: %w", topic, err)
	}
	return ps, nil
}

// Committed fetches group's committed offsets in one request; a partition
// without a commit resumes at its oldest retained offset.
func (k *KafkaOffsets) Committed(group string, partitions map[string][]int32) (map[string]map[int32]int64, error) {
	resp, err := k.admin.ListConsumerGroupOffsets(group, partitions)
	if coordinatorNotReady(err) {
		return nil, fmt.Errorf("committed offsets of %s: %w: %w", group, ErrCoordinatorNotReady, err)
	}
	if err != nil {
		return nil, fmt.Errorf("committed offsets of %s: %w", group, err)
	}
	out := make(map[string]map[int32]int64, len(partitions))
	for topic, ps := range partitions {
		out[topic] = make(map[int32]int64, len(ps))
		for _, p := range ps {
			off, err := k.committed(resp, topic, p)
			if err != nil {
				return nil, fmt.Errorf("committed offset of %s on %s/%d: %w", group, topic, p, err)
			}
			out[topic][p] = off
		}
	}
	return out, nil
}

func (k *KafkaOffsets) committed(resp *sarama.OffsetFetchResponse, topic string, p int32) (int64, error) {
	block := resp.GetBlock(topic, p)
	if block == nil {
		return 0, ErrNoOffset
	}
	if block.Err != sarama.ErrNoError {
		return 0, block.Err
	}
	if block.Offset >= 0 {
		return block.Offset, nil
	}
	return k.client.GetOffset(topic, p, sarama.OffsetOldest)
}

// coordinatorNotReady tells the errors of a coordinator that will answer
// once it has loaded or been found, as sarama's consumer group retries them.
func coordinatorNotReady(err error) bool {
	return errors.Is(err, sarama.ErrOffsetsLoadInProgress) ||
		errors.Is(err, sarama.ErrConsumerCoordinatorNotAvailable) ||
		errors.Is(err, sarama.ErrNotCoordinatorForConsumer)
}

// Close closes the admin and the client under it.
func (k *KafkaOffsets) Close() error {
	return k.admin.Close()
}
