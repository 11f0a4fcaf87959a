package streams

import (
	"context"
	"fmt"
	"sync"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TableGuard is the update callback of a processor's group table: goka
// calls it for every table record the processor recovers (at start, after
// a rebalance, and all along with hot standby). A record it cannot read is
// dead-lettered (bad_table_value) and its entry removed from the local
// store, so that it is absent there as it is to every other reader
// (TableCodec); a record on another partition than its key's
// (wrong_partition) is dead-lettered and not stored, since no reader would
// look for it there.
//
// Who dead-letters a bad table record, and how often: its owner, when it
// recovers the record. Every other reader (a Lookup, the views of the
// edge, the status-log index) only skips it, since there are as many of
// them as processes, while one group owns the partition. A record written
// while the owner runs is dead-lettered at the owner's next recovery of
// that partition, and every recovery until a valid value replaces it (or
// compaction removes it) dead-letters it again; with hot standby, every
// member that keeps a copy of the partition does too. The dead-letter
// topic may thus hold one bad table record several times, all with the
// same topic, partition and offset headers, which is how a reader tells
// them apart from distinct records.
//
// Checking decodes every recovered record, which recovery pays per record
// (BENCHMARKS.md, "Dead letters: inputs decoded in the callback"); a
// cheaper syntax check would let values that decode to nothing (a field of
// the wrong type, a newer schema) be absent for the readers without a dead
// letter saying why.
//
// A table record has no goka.Context to emit through, so the guard writes
// with a kgo client of its own, opened at the first dead letter (most
// processors never need one) and closed by Close. Producing waits for the
// acknowledgement; a failure is logged and the recovery goes on: stopping
// it would be the restart loop this guard exists to prevent.
type TableGuard struct {
	cfg        Config
	group      string
	partitions int32
	check      func([]byte) error
	hooks      Hooks

	mu     sync.Mutex
	client *kgo.Client
}

// NewTableGuard guards the table of group, whose partitions are those of
// its inputs; check returns why a value cannot be read, nil when it can.
func NewTableGuard(cfg Config, group string, check func([]byte) error, h Hooks) *TableGuard {
	return &TableGuard{cfg: cfg, group: group, partitions: int32(cfg.InputPartitions(group)), check: check, hooks: h.WithDefaults()}
}

// Update stores a table record as goka.DefaultUpdate does, unless it is
// one to refuse.
func (g *TableGuard) Update(ctx goka.UpdateContext, s storage.Storage, key string, value []byte) error {
	if value == nil {
		return goka.DefaultUpdate(ctx, s, key, value)
	}
	if home := PartitionOf([]byte(key), g.partitions); home != ctx.Partition() {
		g.send(ctx, key, value, ReasonWrongPartition, fmt.Errorf("%w: key belongs on partition %d of %d", ErrWrongPartition, home, g.partitions))
		return nil
	}
	if err := g.check(value); err != nil {
		g.send(ctx, key, value, ReasonBadTableValue, fmt.Errorf("%w: %w", ErrBadTableValue, err))
		return s.Delete(key)
	}
	return goka.DefaultUpdate(ctx, s, key, value)
}

func (g *TableGuard) send(ctx goka.UpdateContext, key string, value []byte, reason string, cause error) {
	topic := string(ctx.Topic())
	headers := dlqHeaders(ctx.Headers(), origin{topic: topic, partition: ctx.Partition(), offset: ctx.Offset(), group: g.group},
		reason, cause, g.hooks.Clock())
	g.hooks.Observer.DeadLettered(g.group, topic, reason)
	log := g.hooks.Logger.With("group", g.group, "topic", topic, "partition", ctx.Partition(),
		"offset", ctx.Offset(), "key", key, "reason", string(reason), "err", cause)
	if err := g.produce(key, value, headers); err != nil {
		log.Error("table record refused, and its dead letter not written", "produce_err", err)
		return
	}
	log.Warn("table record dead-lettered")
}

func (g *TableGuard) produce(key string, value []byte, headers goka.Headers) error {
	client, err := g.open()
	if err != nil {
		return err
	}
	rec := &kgo.Record{Topic: g.cfg.Topics.DeadLetter, Key: []byte(key), Value: value}
	for k, v := range headers {
		rec.Headers = append(rec.Headers, kgo.RecordHeader{Key: k, Value: v})
	}
	ctx, cancel := context.WithTimeout(context.Background(), g.cfg.ProduceTimeout)
	defer cancel()
	return client.ProduceSync(ctx, rec).FirstErr()
}

func (g *TableGuard) open() (*kgo.Client, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.client != nil {
		return g.client, nil
	}
	client, err := kgo.NewClient(ProducerOptions(g.cfg)...)
	if err != nil {
		return nil, fmt.Errorf("dead-letter producer: %w", err)
	}
	g.client = client
	return client, nil
}

// Close closes the guard's client, if it opened one.
func (g *TableGuard) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.client != nil {
		g.client.Close()
		g.client = nil
	}
}
