package streams

import "slices"

// The dead-letter format: a processor that cannot apply a record writes it
// to the dead-letter topic with the original key, the original value (nil
// for a tombstone) and the original headers, plus the headers below. The
// format is shared with tools (txstream dlq, kcat), so it only grows.
const (
	HeaderDLQTopic     = "txstream-dlq-topic"     // the source topic
	HeaderDLQPartition = "txstream-dlq-partition" // the source partition, decimal
	HeaderDLQOffset    = "txstream-dlq-offset"    // the source offset, decimal
	HeaderDLQGroup     = "txstream-dlq-group"     // the processor's group
	HeaderDLQReason    = "txstream-dlq-reason"    // one of the reasons below
	HeaderDLQError     = "txstream-dlq-error"     // the detail, for an operator
	HeaderDLQAt        = "txstream-dlq-at"        // when, RFC 3339

	// HeaderDLQPrefix starts every header the dead-letter format adds.
	HeaderDLQPrefix = "txstream-dlq-"
)

// Reasons a record is dead-lettered.
const (
	ReasonMalformed      = "malformed"
	ReasonUnknownSchema  = "unknown_schema"
	ReasonTombstone      = "tombstone"
	ReasonWrongPartition = "wrong_partition"
	ReasonInvalidKey     = "invalid_key"
	ReasonBadTableValue  = "bad_table_value"
	// ReasonWebhookFailed: every attempt to deliver a webhook message
	// failed; the value is the message's body, the webhook headers name
	// the endpoint and the message. Not replayable to its source.
	ReasonWebhookFailed = "webhook_failed"
)

// DeadLetterReasons lists the reasons above, for help texts and checks.
func DeadLetterReasons() []string {
	return []string{ReasonMalformed, ReasonUnknownSchema, ReasonTombstone, ReasonWrongPartition, ReasonInvalidKey, ReasonBadTableValue, ReasonWebhookFailed}
}

// IsDeadLetterReason reports whether s is one of the reasons above.
func IsDeadLetterReason(s string) bool { return slices.Contains(DeadLetterReasons(), s) }
