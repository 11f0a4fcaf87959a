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
