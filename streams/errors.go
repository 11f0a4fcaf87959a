package streams

import "errors"

var (
	// ErrCodecType is returned by JSON.Encode for a value of the wrong type.
	ErrCodecType = errors.New("codec: unexpected value type")
	// ErrSchemaTooNew is returned by JSON.Decode for a value written by a
	// newer schema than this binary knows.
	ErrSchemaTooNew = errors.New("codec: schema version too new")
	// ErrInvalidConfig is returned by Config.Validate.
	ErrInvalidConfig = errors.New("invalid streams config")
)

// ErrTopicMismatch is returned by EnsureTopics when an existing topic has
// another partition count than configured.
var ErrTopicMismatch = errors.New("topic does not match the configuration")

// ErrNoOffset is returned by KafkaOffsets.Committed when the brokers'
// answer lacks a partition that was asked for.
var ErrNoOffset = errors.New("no offset in the answer")

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
