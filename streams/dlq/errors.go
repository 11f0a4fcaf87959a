package dlq

import "errors"

// ErrNoTopic is returned by Read and Partitions when the topic does not
// exist on the brokers.
var ErrNoTopic = errors.New("topic does not exist")

// ErrBadID is returned by ParseID for text that names no dead letter.
var ErrBadID = errors.New("not OFFSET or PARTITION:OFFSET")

// ErrTable is returned by Replayable for a dead letter of a table topic:
// a table's value is its processor's output, so the fix is a corrected
// record on that processor's input topic, never a replay of the old value.
var ErrTable = errors.New("a table dead letter is not replayed")

// ErrUnreadable is returned by Replayable for a record of the dead-letter
// topic whose headers do not name its source.
var ErrUnreadable = errors.New("headers do not name the source")

// ErrUnmarked is returned by Replayer.Replay when the record was
// re-published but its marker was not written: a later replay would
// publish it again.
var ErrUnmarked = errors.New("re-published, but the replay marker was not written")

// ErrWebhookMessage is returned by Replayable for a webhook message that
// failed every attempt (reason webhook_failed): its source is the webhooks
// group's loopback topic, which takes attempt outcomes; the receiver gets
// it again by hand, or from the transaction's next change.
var ErrWebhookMessage = errors.New("a webhook message is not replayed")
