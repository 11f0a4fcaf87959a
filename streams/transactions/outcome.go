package transactions

import "github.com/txstream/txstream/domain"

// outcome is what one input message does to one transaction, decided
// without goka so that the state machine is plain functions; the handler
// then applies it to the goka context.
type outcome struct {
	// write is the new table value; nil leaves the table as it is.
	write *domain.Transaction
	// changes are the status changes that write makes, in version order,
	// for the observer; write itself carries them in its History.
	changes []domain.StatusEvent
	// conversion is the conversion request to emit, if any.
	conversion *domain.ConversionRequest

	duplicate, conflict, malformed bool
}

// replay re-emits the outputs of tx's current state: the table value, and
// the conversion request while the conversion is pending. The value is
// written again because goka updates the local store before the changelog
// record reaches Kafka, so after a kill -9 the store can hold a version
// that the changelog, and every reader of it (the views, the status-log
// processor), never got. Only a redelivery (or a client's retry) pays for
// the extra changelog record; it changes no status, so nothing is reported
// as a transition.
func replay(tx domain.Transaction) outcome {
	out := outcome{write: &tx, duplicate: true}
	if tx.Status == domain.StatusConverting {
		req := conversionOf(tx)
		out.conversion = &req
	}
	return out
}
