package streams

import (
	"errors"
	"fmt"
	"maps"

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

// HighWaterMarks asks for the end offsets of many partitions in one
// request per partition leader, where HighWaterMark costs a round trip
// per partition: what a scrape of the lag metrics asks for every
// partition each processor owns. A partition it could not read is missing
// from the answer, and the error names it.
func (k *KafkaOffsets) HighWaterMarks(partitions map[string][]int32) (map[string]map[int32]int64, error) {
	return k.offsetsAt(partitions, sarama.OffsetNewest)
}

// offsetsAt reads the offsets at which (sarama.OffsetNewest or
// OffsetOldest) of partitions, one request per leader.
func (k *KafkaOffsets) offsetsAt(partitions map[string][]int32, which int64) (map[string]map[int32]int64, error) {
	asks, errs := k.offsetAsks(partitions, which)
	out := make(map[string]map[int32]int64, len(partitions))
	for _, a := range asks {
		errs = append(errs, a.answer(out)...)
	}
	return out, errors.Join(errs...)
}

// offsetAsk is one leader's request for the offsets of the partitions it
// leads.
type offsetAsk struct {
	broker *sarama.Broker
	req    *sarama.OffsetRequest
	asked  []topicPartition
}

type topicPartition struct {
	topic     string
	partition int32
}

// offsetAsks groups partitions by their leader.
func (k *KafkaOffsets) offsetAsks(partitions map[string][]int32, which int64) (map[int32]*offsetAsk, []error) {
	asks := map[int32]*offsetAsk{}
	var errs []error
	for topic, ps := range partitions {
		for _, p := range ps {
			leader, err := k.client.Leader(topic, p)
			if err != nil {
				errs = append(errs, fmt.Errorf("offset of %s/%d: %w", topic, p, err))
				continue
			}
			a := asks[leader.ID()]
			if a == nil {
				a = &offsetAsk{broker: leader, req: sarama.NewOffsetRequest(k.client.Config().Version)}
				asks[leader.ID()] = a
			}
			a.req.AddBlock(topic, p, which, 1)
			a.asked = append(a.asked, topicPartition{topic, p})
		}
	}
	return asks, errs
}

// answer sends the request and files the offsets it answers in out.
func (a *offsetAsk) answer(out map[string]map[int32]int64) []error {
	resp, err := a.broker.GetAvailableOffsets(a.req)
	if err != nil {
		_ = a.broker.Close() // as sarama's GetOffset does: the next request reconnects
		return []error{fmt.Errorf("offsets from broker %d: %w", a.broker.ID(), err)}
	}
	var errs []error
	for _, tp := range a.asked {
		block := resp.GetBlock(tp.topic, tp.partition)
		switch {
		case block == nil:
			errs = append(errs, fmt.Errorf("offset of %s/%d: %w", tp.topic, tp.partition, sarama.ErrIncompleteResponse))
		case !errors.Is(block.Err, sarama.ErrNoError):
			errs = append(errs, fmt.Errorf("offset of %s/%d: %w", tp.topic, tp.partition, block.Err))
		case len(block.Offsets) != 1:
			errs = append(errs, fmt.Errorf("offset of %s/%d: %w", tp.topic, tp.partition, sarama.ErrOffsetOutOfRange))
		default:
			if out[tp.topic] == nil {
				out[tp.topic] = map[int32]int64{}
			}
			out[tp.topic][tp.partition] = block.Offsets[0]
		}
	}
	return errs
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
// without a commit resumes at its oldest retained offset, read in one
// request per leader for all such partitions.
func (k *KafkaOffsets) Committed(group string, partitions map[string][]int32) (map[string]map[int32]int64, error) {
	resp, err := k.admin.ListConsumerGroupOffsets(group, partitions)
	if coordinatorNotReady(err) {
		return nil, fmt.Errorf("committed offsets of %s: %w: %w", group, ErrCoordinatorNotReady, err)
	}
	if err != nil {
		return nil, fmt.Errorf("committed offsets of %s: %w", group, err)
	}
	out := make(map[string]map[int32]int64, len(partitions))
	uncommitted := map[string][]int32{}
	for topic, ps := range partitions {
		out[topic] = make(map[int32]int64, len(ps))
		for _, p := range ps {
			off, err := committedOffset(resp, topic, p)
			switch {
			case err != nil:
				return nil, fmt.Errorf("committed offset of %s on %s/%d: %w", group, topic, p, err)
			case off < 0:
				uncommitted[topic] = append(uncommitted[topic], p)
			default:
				out[topic][p] = off
			}
		}
	}
	if len(uncommitted) == 0 {
		return out, nil
	}
	oldest, err := k.offsetsAt(uncommitted, sarama.OffsetOldest)
	if err != nil {
		return nil, fmt.Errorf("oldest offsets for %s: %w", group, err)
	}
	for topic, ps := range oldest {
		maps.Copy(out[topic], ps)
	}
	return out, nil
}

// committedOffset is the offset group committed on the partition, -1 for
// none.
func committedOffset(resp *sarama.OffsetFetchResponse, topic string, p int32) (int64, error) {
	block := resp.GetBlock(topic, p)
	if block == nil {
		return 0, ErrNoOffset
	}
	if block.Err != sarama.ErrNoError {
		return 0, block.Err
	}
	return max(block.Offset, -1), nil
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
