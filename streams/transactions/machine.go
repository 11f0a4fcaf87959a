package transactions

import (
	"slices"
	"time"

	"github.com/txstream/txstream/domain"
)

// advance moves tx to status s and records the change: Version grows by one,
// History gets the change, and the returned event is what the observer is
// told of it.
func advance(tx *domain.Transaction, s domain.Status, r domain.Reason, at time.Time) domain.StatusEvent {
	tx.Version++
	tx.Status, tx.Reason, tx.UpdatedAt = s, r, at
	change := domain.StatusChange{Version: tx.Version, Status: s, Reason: r, At: at}
	// Clip so that appending never writes into a History shared with the
	// value the transaction was copied from.
	tx.History = append(slices.Clip(tx.History), change)
	return eventOf(tx.ID, change)
}

func eventOf(id string, c domain.StatusChange) domain.StatusEvent {
	return domain.StatusEvent{Schema: domain.SchemaVersion, TransactionID: id, StatusChange: c}
}

// conversionOf is the conversion request of a converting transaction. It is
// stamped with the time the transaction entered converting, so that a
// replay emits a request identical to the first one.
func conversionOf(tx domain.Transaction) domain.ConversionRequest {
	return domain.ConversionFor(tx, enteredAt(tx, domain.StatusConverting))
}

func enteredAt(tx domain.Transaction, s domain.Status) time.Time {
	for _, c := range tx.History {
		if c.Status == s {
			return c.At
		}
	}
	return tx.UpdatedAt
}

// expectedConversion is the fingerprint a conversion result must carry to
// belong to tx's current conversion request.
func expectedConversion(tx domain.Transaction) string {
	return domain.ConversionFor(tx, time.Time{}).Fingerprint
}
