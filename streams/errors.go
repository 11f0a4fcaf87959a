package streams

import (
	"errors"
	"fmt"
)

var (
	// ErrCodecType is returned by JSON.Encode for a value of the wrong type.
	ErrCodecType = errors.New("codec: unexpected value type")
	// ErrSchemaTooNew is returned by JSON.Decode for a value written by a
	// newer schema than this binary knows.
	ErrSchemaTooNew = errors.New("codec: schema version too new")
	// ErrInvalidConfig is returned by Config.Validate.
	ErrInvalidConfig = errors.New("invalid streams config")
	// ErrSessionTimeout is returned by Config.Validate, with
	// ErrInvalidConfig, when the heartbeat interval is not positive or the
	// session timeout does not exceed it.
	ErrSessionTimeout = errors.New("session timeout must exceed the heartbeat interval")
)

// ErrSASLMechanism is returned by ParseSASLMechanism, and by
// Config.Validate with ErrInvalidConfig, for a mechanism txstream's
// clients do not speak.
var ErrSASLMechanism = errors.New("unknown SASL mechanism")

// errLookupEnded is the cause of a Lookup whose Run returned nil before
// the processor stopped it.
var errLookupEnded = errors.New("lookup ended")

// ErrTopicMismatch is returned by EnsureTopics when an existing topic has
// another partition count than configured.
var ErrTopicMismatch = errors.New("topic does not match the configuration")

// ErrNoOffset is returned by KafkaOffsets.Committed when the brokers'
// answer lacks a partition that was asked for.
var ErrNoOffset = errors.New("no offset in the answer")

// ErrCoordinatorNotReady is returned by KafkaOffsets.Committed, with the
// broker's error, while the group's coordinator cannot answer yet: it is
// loading the group's offsets (a broker just started, or just took the
// group over), moving, or not elected. sarama's admin retries some of
// these a few times, not the loading; the answer comes once it is done.
var ErrCoordinatorNotReady = errors.New("group coordinator not ready")

var (
	// ErrWrongPartition is the cause a dead letter of reason
	// wrong_partition carries: the record's key hashes to another
	// partition than the one it came on.
	ErrWrongPartition = errors.New("record on another partition than its key's")
	// ErrTombstone is the cause a dead letter of reason tombstone carries.
	ErrTombstone = errors.New("tombstone where none is expected")
	// ErrBadTableValue is the cause a dead letter of reason
	// bad_table_value carries, wrapping the decoder's error.
	ErrBadTableValue = errors.New("table value cannot be read")
)

// The two outcomes of a produce that was not acknowledged. Every
// *ProduceError is one of them; test with errors.Is.
var (
	// ErrNotWritten is returned, inside a *ProduceError, by the Producer's
	// calls when the record surely did not reach Kafka's log: the brokers
	// refused it, or the client gave it up before any request with it was
	// written. Nothing of it will be processed.
	ErrNotWritten = errors.New("record not written")
	// ErrOutcomeUnknown is returned, inside a *ProduceError, by the
	// Producer's calls when they ended without a definite answer: the
	// caller's context ended while a request with the record was on the
	// wire, or the client was closed under it. The record may have been
	// written, and is then processed like any other; a retry with the same
	// key is safe because the processors apply an id once.
	ErrOutcomeUnknown = errors.New("produce outcome unknown")
)

// ProduceError is returned by the Producer's calls for a record that was
// not acknowledged: where it was going, whether it may have been written
// (see classifyProduce), and why.
type ProduceError struct {
	Topic, Key string
	// Unknown: the record may have been written (ErrOutcomeUnknown);
	// otherwise it surely was not (ErrNotWritten).
	Unknown bool
	// Err is the cause: the context's error, kgo's (kgo.ErrRecordTimeout,
	// kgo.ErrClientClosed, ...) or the brokers' (a kerr error).
	Err error
}

func (e *ProduceError) Error() string {
	return fmt.Sprintf("produce %s %s: %v: %v", e.Topic, e.Key, e.outcome(), e.Err)
}

// Unwrap gives the cause.
func (e *ProduceError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrOutcomeUnknown) or errors.Is(err,
// ErrNotWritten) hold, as Unknown says.
func (e *ProduceError) Is(target error) bool { return target == e.outcome() }

// OutcomeUnknown reports Unknown. It is how a package that may not import
// streams (the actors) tells the two outcomes apart.
func (e *ProduceError) OutcomeUnknown() bool { return e.Unknown }

func (e *ProduceError) outcome() error {
	if e.Unknown {
		return ErrOutcomeUnknown
	}
	return ErrNotWritten
}

var (
	// ErrViewConsumerClosed is returned when a view asks the ViewConsumer
	// for a partition after its Run returned.
	ErrViewConsumerClosed = errors.New("view consumer closed")
	// ErrPartitionConsumed is returned when a partition is asked of the
	// ViewConsumer while a view still consumes it, as sarama refuses it.
	ErrPartitionConsumed = errors.New("partition already consumed")
)
