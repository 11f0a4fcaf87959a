package transactions

import "github.com/txstream/txstream/domain"

// outcome is what one input message does to one transaction, decided
// without goka so that the state machine is plain functions; the handler
// then applies it to the goka context.
type outcome struct {
	// write is the new table value; nil leaves the table as it is.
	write *domain.Transaction
	// events are the status events to emit, in version order.
	events []domain.StatusEvent
	// conversion is the conversion request to emit, if any.
	conversion *domain.ConversionRequest
	// replay marks events as re-emits of changes already recorded, which
	// are not reported as transitions again.
	replay bool

	duplicate, conflict, malformed bool
}

// replay re-emits the outputs of tx's current state: every status event,
// and the conversion request while the conversion is pending. It writes the
// value again as well: goka updates the local store before the changelog
// record reaches Kafka, so after a kill -9 the store can hold a version
// that the changelog, and every view of it, never got. Only a redelivery
// (or a client's retry) pays for the extra changelog record.
func replay(tx domain.Transaction) outcome {
	out := outcome{write: &tx, events: history(tx), replay: true, duplicate: true}
	if tx.Status == domain.StatusConverting {
		req := conversionOf(tx)
		out.conversion = &req
	}
	return out
}
