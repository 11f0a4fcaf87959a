package streams

import (
	"context"
	"errors"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// verdictWait is how long a produce whose caller's context ended still
// waits for kgo's verdict on the record. kgo fails a record that is still
// buffered as soon as it looks at the record's context, and a buffered
// record's sink or metadata wait wakes on that context: the verdict is
// then a matter of scheduling, well inside this. A record on the wire, or
// queued behind one of its partition, gets no verdict until the broker
// answers, and kgo sends it whenever the broker is back: the call then
// says its outcome is unknown, which costs the client one retry with the
// same id.
const verdictWait = 100 * time.Millisecond

// classifyProduce tells, from the error kgo's promise gave a record,
// whether the record surely was not written or may have been.
//
// It rests on the producer being idempotent (ProducerOptions: acks from all
// in-sync replicas, Config.Sarama's Idempotent; AllowIdempotentProduceCancellation
// and DisableIdempotentWrite never set). kgo then fails a record only while
// that is safe: before any request carrying its batch was written to a
// connection, or after the broker answered the last such request with an
// error saying that it did not append the batch (a refusal, retriable or
// not, after which the batches behind it fail too, since the broker would
// refuse their sequence numbers). While a request is written and
// unanswered, or was answered REQUEST_TIMED_OUT or
// NOT_ENOUGH_REPLICAS_AFTER_APPEND (the broker may have appended it), kgo
// keeps the batch and retries it past RecordRetries, RecordDeliveryTimeout
// and the record's context until the broker answers definitely; a retry is
// deduplicated by the broker. So an error from the promise means "not
// written" whatever it is (the context's error, ErrRecordTimeout,
// ErrRecordRetries, a kerr refusal, a dial error), except for the errors
// kgo gives records whose fate it does not know:
//
//   - kgo.ErrClientClosed: Close fails every buffered record, those on the
//     wire too.
//   - OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID,
//     INVALID_PRODUCER_ID_MAPPING, INVALID_PRODUCER_EPOCH: the producer's
//     sequence broke, and kgo fails what it buffered, earlier attempts of
//     the same batches included.
//   - REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS_AFTER_APPEND: the broker does
//     not know itself. kgo retries these rather than report them; they are
//     listed in case a future kgo does.
//
// A call whose context ended before any verdict is unknown too (see
// awaitVerdict): the record may be on the wire.
func classifyProduce(topic, key string, err error) error {
	if err == nil {
		return nil
	}
	return &ProduceError{Topic: topic, Key: key, Unknown: fateUnknown(err), Err: err}
}

// fateUnknown reports whether kgo failed a record with an error that leaves
// its fate open (see classifyProduce).
func fateUnknown(err error) bool {
	for _, open := range []error{
		kgo.ErrClientClosed,
		kerr.OutOfOrderSequenceNumber, kerr.UnknownProducerID,
		kerr.InvalidProducerIDMapping, kerr.InvalidProducerEpoch,
		kerr.RequestTimedOut, kerr.NotEnoughReplicasAfterAppend,
	} {
		if errors.Is(err, open) {
			return true
		}
	}
	return false
}

// awaitVerdict returns kgo's verdict on a record, classified, from acked
// (its promise's error). When ctx ends first the record may be on the wire
// (once sent, an idempotent record is not withdrawn) or still buffered,
// which kgo then fails at once; without a verdict within verdictWait the
// outcome is unknown.
func awaitVerdict(ctx context.Context, acked <-chan error, topic, key string) error {
	select {
	case err := <-acked:
		return classifyProduce(topic, key, err)
	case <-ctx.Done():
	}
	verdict := time.NewTimer(verdictWait)
	defer verdict.Stop()
	select {
	case err := <-acked:
		return classifyProduce(topic, key, err)
	case <-verdict.C:
		return &ProduceError{Topic: topic, Key: key, Unknown: true, Err: ctx.Err()}
	}
}
