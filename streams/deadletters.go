package streams

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"
)

// DeadLetters is how a processor's callback refuses an input record: it
// emits the record, as it came, to the dead-letter topic through the
// callback's goka.Context, so that goka commits the input offset only once
// the dead letter is acknowledged (a crash in between redelivers the input,
// which is dead-lettered again: at least once, like every output). Its
// fields are read-only, so the partition goroutines share it.
type DeadLetters struct {
	topic      goka.Stream
	group      string
	partitions int32
	validKey   func(string) error
	hooks      Hooks
}

// NewDeadLetters returns the dead letters of group, whose inputs have
// partitions partitions and keys that validKey accepts.
func NewDeadLetters(cfg Config, group string, partitions int, validKey func(string) error, h Hooks) DeadLetters {
	return DeadLetters{
		topic: goka.Stream(cfg.Topics.DeadLetter), group: group,
		partitions: int32(partitions), validKey: validKey, hooks: h.WithDefaults(),
	}
}

// Output is the edge of the group graph that lets its callbacks emit dead
// letters: raw bytes, written as they are.
func (d DeadLetters) Output() goka.Edge { return goka.Output(d.topic, new(codec.Bytes)) }

// Admit returns the value of an input record (its codec is Input, which
// hands the bytes over as they came) when the record is one the processor
// may apply: on its key's partition, under a valid key, not a tombstone.
// Otherwise it dead-letters the record and returns false. A wrong
// partition is checked first: such a record is not this partition's to
// judge, and applying it would write another partition's table entry.
func (d DeadLetters) Admit(ctx goka.Context, msg any) ([]byte, bool) {
	raw, _ := msg.([]byte)
	key := ctx.Key()
	if err := d.Misplaced(ctx); err != nil {
		d.Send(ctx, raw, ReasonWrongPartition, err)
		return nil, false
	}
	if err := d.validKey(key); err != nil {
		d.Send(ctx, raw, ReasonInvalidKey, err)
		d.hooks.Observer.Malformed(d.group, string(ctx.Topic()))
		return nil, false
	}
	if msg == nil {
		d.Send(ctx, nil, ReasonTombstone, ErrTombstone)
		return nil, false
	}
	return raw, true
}

// Misplaced says why the record is on another partition than its key's
// (ErrWrongPartition), nil when it is on its key's.
func (d DeadLetters) Misplaced(ctx goka.Context) error {
	if home := PartitionOf([]byte(ctx.Key()), d.partitions); home != ctx.Partition() {
		return fmt.Errorf("%w: key belongs on partition %d of %d", ErrWrongPartition, home, d.partitions)
	}
	return nil
}

// Refuse dead-letters a record whose value does not decode (Lenient's
// *Malformed): unknown_schema for a newer schema, malformed otherwise.
func (d DeadLetters) Refuse(ctx goka.Context, m *Malformed) {
	reason := ReasonMalformed
	if errors.Is(m.Err, ErrSchemaTooNew) {
		reason = ReasonUnknownSchema
	}
	d.Send(ctx, m.Raw, reason, m.Err)
}

// Send writes raw under the record's key, with its headers and those that
// say where it came from and why, to the dead-letter topic.
func (d DeadLetters) Send(ctx goka.Context, raw []byte, reason string, cause error) {
	d.SendWith(ctx, raw, reason, cause, nil)
}

// SendWith is Send with more headers, which say what the value is when it
// is not the record's own (a webhook message's body).
func (d DeadLetters) SendWith(ctx goka.Context, raw []byte, reason string, cause error, extra goka.Headers) {
	headers := dlqHeaders(ctx.Headers().Merged(extra), origin{
		topic: string(ctx.Topic()), partition: ctx.Partition(), offset: ctx.Offset(), group: d.group,
	}, reason, cause, d.hooks.Clock())
	ctx.Emit(d.topic, ctx.Key(), raw, goka.WithCtxEmitHeaders(headers))
	d.hooks.Observer.DeadLettered(d.group, string(ctx.Topic()), reason)
	d.hooks.Logger.Warn("record dead-lettered", "group", d.group, "topic", string(ctx.Topic()),
		"partition", ctx.Partition(), "offset", ctx.Offset(), "key", ctx.Key(), "reason", string(reason), "err", cause)
}

// origin is where a dead-lettered record was read.
type origin struct {
	topic     string
	partition int32
	offset    int64
	group     string
}

// dlqHeaders are the record's own headers (kept, but for those of an
// earlier dead-lettering, which these replace) and the dead letter's.
func dlqHeaders(own goka.Headers, o origin, reason string, cause error, now time.Time) goka.Headers {
	detail := string(reason)
	if cause != nil {
		detail = cause.Error()
	}
	return own.Merged(goka.Headers{
		HeaderDLQTopic:     []byte(o.topic),
		HeaderDLQPartition: strconv.AppendInt(nil, int64(o.partition), 10),
		HeaderDLQOffset:    strconv.AppendInt(nil, o.offset, 10),
		HeaderDLQGroup:     []byte(o.group),
		HeaderDLQReason:    []byte(reason),
		HeaderDLQError:     []byte(detail),
		HeaderDLQAt:        []byte(now.UTC().Format(time.RFC3339)),
	})
}
