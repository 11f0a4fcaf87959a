package dlq

import (
	"context"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Partitions lists topic's partitions without creating the topic, as a
// client's own metadata request may on a broker that allows it.
func Partitions(ctx context.Context, cl *kgo.Client, topic string) ([]int32, error) {
	req := kmsg.NewPtrMetadataRequest()
	t := kmsg.NewMetadataRequestTopic()
	t.Topic = kmsg.StringPtr(topic)
	req.Topics = append(req.Topics, t)
	req.AllowAutoTopicCreation = false
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return nil, fmt.Errorf("metadata of %s: %w", topic, err)
	}
	if len(resp.Topics) != 1 {
		return nil, fmt.Errorf("metadata of %s: %d topics in the answer", topic, len(resp.Topics))
	}
	rt := resp.Topics[0]
	if err := kerr.ErrorForCode(rt.ErrorCode); err != nil {
		if errors.Is(err, kerr.UnknownTopicOrPartition) {
			return nil, fmt.Errorf("%s: %w", topic, ErrNoTopic)
		}
		return nil, fmt.Errorf("metadata of %s: %w", topic, err)
	}
	ps := make([]int32, 0, len(rt.Partitions))
	for _, p := range rt.Partitions {
		ps = append(ps, p.Partition)
	}
	return ps, nil
}

// Timestamps that ListOffsets reads as the first and the next offset.
const (
	earliest = -2
	latest   = -1
)

// listOffsets asks for the earliest or latest offset of every partition.
func listOffsets(ctx context.Context, cl *kgo.Client, topic string, parts []int32, at int64) (map[int32]int64, error) {
	req := kmsg.NewPtrListOffsetsRequest()
	rt := kmsg.NewListOffsetsRequestTopic()
	rt.Topic = topic
	for _, p := range parts {
		rp := kmsg.NewListOffsetsRequestTopicPartition()
		rp.Partition, rp.Timestamp = p, at
		rt.Partitions = append(rt.Partitions, rp)
	}
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return nil, fmt.Errorf("list offsets of %s: %w", topic, err)
	}
	out := make(map[int32]int64, len(parts))
	for _, t := range resp.Topics {
		for _, p := range t.Partitions {
			if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
				return nil, fmt.Errorf("list offsets of %s/%d: %w", topic, p.Partition, err)
			}
			out[p.Partition] = p.Offset
		}
	}
	return out, nil
}

// ends lists, for every partition of topic that holds records, the offset
// after its last one (the high watermark), so that a reader knows where to
// stop instead of waiting for records that may never come.
func ends(ctx context.Context, cl *kgo.Client, topic string) (map[int32]int64, error) {
	parts, err := Partitions(ctx, cl, topic)
	if err != nil {
		return nil, err
	}
	starts, err := listOffsets(ctx, cl, topic, parts, earliest)
	if err != nil {
		return nil, err
	}
	highs, err := listOffsets(ctx, cl, topic, parts, latest)
	if err != nil {
		return nil, err
	}
	for p, high := range highs {
		if high <= starts[p] {
			delete(highs, p)
		}
	}
	return highs, nil
}
