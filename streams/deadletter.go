package streams

// The dead-letter record format. A processor writes every record it
// cannot apply, from an input topic or from a table topic, to the
// dead-letter topic (Topics.DeadLetters) as it came: the original key, the
// original value byte for byte (nil for a tombstone) and the original
// headers, plus the headers below. Tools that list or replay dead letters
// (txstream dlq) import these names; changing one breaks what they read.
const (
	// DLQHeaderTopic names the topic the record came from.
	DLQHeaderTopic = "txstream-dlq-topic"
	// DLQHeaderPartition is the record's partition there, in decimal.
	DLQHeaderPartition = "txstream-dlq-partition"
	// DLQHeaderOffset is the record's offset there, in decimal.
	DLQHeaderOffset = "txstream-dlq-offset"
	// DLQHeaderGroup names the consumer group that refused it.
	DLQHeaderGroup = "txstream-dlq-group"
	// DLQHeaderReason is one of the DLQReason values.
	DLQHeaderReason = "txstream-dlq-reason"
	// DLQHeaderError is a human detail of the reason (never a secret: it
	// names fields and partitions, not values beyond the key).
	DLQHeaderError = "txstream-dlq-error"
	// DLQHeaderAt is when it was dead-lettered, RFC 3339 in UTC.
	DLQHeaderAt = "txstream-dlq-at"
)

// DLQReason says why a record was dead-lettered: the value of
// DLQHeaderReason and the reason label of txstream_dead_letters_total.
type DLQReason string

const (
	// DLQMalformed: the value does not decode, or decodes to something the
	// processor refuses (a field of the wrong type, a misaddressed record).
	DLQMalformed DLQReason = "malformed"
	// DLQUnknownSchema: the value's schema is newer than this binary reads.
	DLQUnknownSchema DLQReason = "unknown_schema"
	// DLQTombstone: a nil value on an input topic, where none is expected.
	DLQTombstone DLQReason = "tombstone"
	// DLQWrongPartition: the key does not hash (Kafka's murmur2, see
	// PartitionOf) to the partition the record came on; applying it would
	// write another partition's table entry.
	DLQWrongPartition DLQReason = "wrong_partition"
	// DLQInvalidKey: the key cannot name what the topic holds (a
	// transaction id, a currency code).
	DLQInvalidKey DLQReason = "invalid_key"
	// DLQBadTableValue: a table record nobody can read; every reader
	// treats the entry as absent.
	DLQBadTableValue DLQReason = "bad_table_value"
)

// DLQReasons lists every reason, in a fixed order.
func DLQReasons() []DLQReason {
	return []DLQReason{DLQMalformed, DLQUnknownSchema, DLQTombstone, DLQWrongPartition, DLQInvalidKey, DLQBadTableValue}
}
