package streams

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/IBM/sarama"
	"github.com/lovoo/goka"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ViewConsumer feeds every goka view of a process from one franz-go
// client: one fetch loop, and one fetch request per broker at a time,
// for all the partitions of all the views, where each view would
// otherwise own a sarama client with a fetch loop of its own. Under dev
// the transactions, conversions and status-log views read three topics
// that change together, so one fetch brings what three brought before
// (BENCHMARKS.md, "Session 11"). A view's partitions are independent
// nonetheless: each has its own queue, and a partition whose view falls
// behind is paused at the client instead of holding the others up.
//
// It implements goka's view side of sarama (sarama.Consumer and its
// partition consumers) through Builder. Run polls until ctx is done;
// Close, once the views have stopped, closes what partitions are left and
// the client. The processors keep sarama: their consumer groups are
// goka's.
type ViewConsumer struct {
	cl *kgo.Client

	mu    sync.Mutex
	parts map[topicPartition]*viewPartition
	done  bool // closed: no partition can start
}

// viewQueueBytes is how much a partition's fetched records (keys and
// values) may add up to before its view takes them; past it the partition
// is paused at the client until its view has taken them all. It is what
// sarama fetches per partition (Config.Sarama's Fetch.Default), so a view
// that falls behind holds about as much as it did on sarama: a full queue,
// the batch its forwarder is handing over, and the 256 messages of its
// channel.
const viewQueueBytes = 1 << 20

// NewViewConsumer builds the client with cfg's brokers, security and
// fetch settings; it connects when the first view asks for a partition.
func NewViewConsumer(cfg Config) (*ViewConsumer, error) {
	cl, err := kgo.NewClient(viewConsumerOptions(cfg)...)
	if err != nil {
		return nil, fmt.Errorf("view consumer: %w", err)
	}
	return &ViewConsumer{
		cl:    cl,
		parts: map[topicPartition]*viewPartition{},
	}, nil
}

// viewConsumerOptions are the view consumer's client options: the fetch
// settings the processors' sarama consumers get from Config.Sarama, on
// ClientOptions' brokers, id and security. A partition whose offset is
// gone starts at its oldest record, as sarama's OffsetOldest does.
func viewConsumerOptions(cfg Config) []kgo.Opt {
	sc := cfg.Sarama().Consumer
	return append(ClientOptions(cfg),
		kgo.FetchMinBytes(max(sc.Fetch.Min, 1)),
		kgo.FetchMaxWait(max(sc.MaxWaitTime, 10*time.Millisecond)), // kgo's least
		kgo.FetchMaxPartitionBytes(sc.Fetch.Default),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.MetadataMinAge(cfg.Sarama().Metadata.Retry.Backoff),
	)
}

// Builder is the goka option that gives views this consumer.
func (vc *ViewConsumer) Builder() goka.ViewOption {
	return goka.WithViewConsumerSaramaBuilder(func([]string, string) (sarama.Consumer, error) {
		return vc.Consumer(), nil
	})
}

// Consumer is the consumer a view gets: the sarama.Consumer that goka's
// views read through.
func (vc *ViewConsumer) Consumer() sarama.Consumer { return viewHandle{vc} }

// Run polls the brokers and hands each partition's records to its queue
// until ctx is done or the consumer is closed.
func (vc *ViewConsumer) Run(ctx context.Context) error {
	for {
		fs := vc.cl.PollRecords(ctx, 0)
		if ctx.Err() != nil || fs.IsClientClosed() {
			return nil
		}
		fs.EachError(vc.failed)
		fs.EachPartition(vc.deliver)
	}
}

// deliver queues a fetched partition's records for its view and notes the
// partition's end offset.
func (vc *ViewConsumer) deliver(f kgo.FetchTopicPartition) {
	p := vc.partition(f.Topic, f.Partition)
	if p == nil {
		return // closed since the fetch: its view reads it again from its own offset
	}
	if f.HighWatermark > 0 {
		p.hwm.Store(f.HighWatermark)
	}
	p.push(f.Records)
}

// failed hands a fetch error to the partition's view, which restarts its
// reading (goka's views reconnect). kgo retries what a retry fixes itself
// (a moved leader, a fetch that failed) and resets an offset out of
// range; of what it returns, data loss is a report, not a failure: kgo
// has skipped past it already.
func (vc *ViewConsumer) failed(topic string, partition int32, err error) {
	var lost *kgo.ErrDataLoss
	if errors.As(err, &lost) || errors.Is(err, context.Canceled) {
		return
	}
	if p := vc.partition(topic, partition); p != nil {
		p.fail(err)
	}
}

// partition is the consumer of a partition, nil when none consumes it.
func (vc *ViewConsumer) partition(topic string, partition int32) *viewPartition {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	return vc.parts[topicPartition{topic, partition}]
}

// consume starts a partition at offset (sarama's OffsetOldest and
// OffsetNewest included).
func (vc *ViewConsumer) consume(topic string, partition int32, offset int64) (*viewPartition, error) {
	tp := topicPartition{topic, partition}
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if vc.done {
		return nil, fmt.Errorf("consume %s/%d: %w", topic, partition, ErrViewConsumerClosed)
	}
	if vc.parts[tp] != nil {
		return nil, fmt.Errorf("consume %s/%d: %w", topic, partition, ErrPartitionConsumed)
	}
	p := newViewPartition(vc, tp, offset)
	vc.parts[tp] = p
	vc.cl.AddConsumePartitions(map[string]map[int32]kgo.Offset{topic: {partition: kgoOffset(offset)}})
	return p, nil
}

// release stops fetching p's partition, if p still has it. The client is
// told under the lock, so that a view consuming the partition again
// cannot have its start undone by this release.
func (vc *ViewConsumer) release(p *viewPartition) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if vc.parts[p.tp] != p {
		return
	}
	delete(vc.parts, p.tp)
	tps := p.tps()
	vc.cl.RemoveConsumePartitions(tps)
	vc.cl.ResumeFetchPartitions(tps) // a partition consumed again starts unpaused
}

// Close closes every partition still consumed, which ends its view's
// reading, then the client. A view cannot consume after it.
func (vc *ViewConsumer) Close() error {
	vc.mu.Lock()
	if vc.done {
		vc.mu.Unlock()
		return nil
	}
	vc.done = true
	parts := make([]*viewPartition, 0, len(vc.parts))
	for _, p := range vc.parts {
		parts = append(parts, p)
	}
	vc.parts = map[topicPartition]*viewPartition{}
	vc.mu.Unlock()
	for _, p := range parts {
		p.stop()
	}
	vc.cl.Close()
	return nil
}

// highWaterMarks are the end offsets the fetches brought for the
// partitions being consumed, as sarama's consumer reports them.
func (vc *ViewConsumer) highWaterMarks() map[string]map[int32]int64 {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	out := map[string]map[int32]int64{}
	for tp, p := range vc.parts {
		if out[tp.topic] == nil {
			out[tp.topic] = map[int32]int64{}
		}
		out[tp.topic][tp.partition] = p.hwm.Load()
	}
	return out
}

// kgoOffset is sarama's offset as franz-go's.
func kgoOffset(offset int64) kgo.Offset {
	switch offset {
	case sarama.OffsetOldest:
		return kgo.NewOffset().AtStart()
	case sarama.OffsetNewest:
		return kgo.NewOffset().AtEnd()
	}
	return kgo.NewOffset().At(offset)
}

// viewHandle is what one goka view holds as its sarama.Consumer. Closing
// it closes nothing: the partitions close with the view's, and the
// client with the ViewConsumer.
type viewHandle struct{ vc *ViewConsumer }

func (h viewHandle) ConsumePartition(topic string, partition int32, offset int64) (sarama.PartitionConsumer, error) {
	return h.vc.consume(topic, partition, offset)
}

func (h viewHandle) HighWaterMarks() map[string]map[int32]int64 { return h.vc.highWaterMarks() }

func (h viewHandle) Topics() ([]string, error) {
	ts, err := h.metadata()
	if err != nil {
		return nil, err
	}
	return ts.Names(), nil
}

func (h viewHandle) Partitions(topic string) ([]int32, error) {
	ts, err := h.metadata(topic)
	if err != nil {
		return nil, err
	}
	d, ok := ts[topic]
	if !ok || d.Err != nil {
		return nil, fmt.Errorf("partitions of %s: %w", topic, errors.Join(d.Err, sarama.ErrUnknownTopicOrPartition))
	}
	return d.Partitions.Numbers(), nil
}

func (h viewHandle) metadata(topics ...string) (kadm.TopicDetails, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ts, err := kadm.NewClient(h.vc.cl).ListTopics(ctx, topics...)
	if err != nil {
		return nil, fmt.Errorf("view consumer metadata: %w", err)
	}
	return ts, nil
}

func (h viewHandle) Close() error { return nil }

// Pause, Resume, PauseAll and ResumeAll act on the partitions consumed
// through the view consumer, as sarama's do on its consumer's; goka's
// views do not call them.
func (h viewHandle) Pause(tps map[string][]int32)  { h.vc.each(tps, (*viewPartition).Pause) }
func (h viewHandle) Resume(tps map[string][]int32) { h.vc.each(tps, (*viewPartition).Resume) }
func (h viewHandle) PauseAll()                     { h.vc.each(nil, (*viewPartition).Pause) }
func (h viewHandle) ResumeAll()                    { h.vc.each(nil, (*viewPartition).Resume) }

// each calls fn for the partitions of tps being consumed, or all of them
// when tps is nil.
func (vc *ViewConsumer) each(tps map[string][]int32, fn func(*viewPartition)) {
	vc.mu.Lock()
	var parts []*viewPartition
	for tp, p := range vc.parts {
		if tps == nil || slices.Contains(tps[tp.topic], tp.partition) {
			parts = append(parts, p)
		}
	}
	vc.mu.Unlock()
	for _, p := range parts {
		fn(p)
	}
}
