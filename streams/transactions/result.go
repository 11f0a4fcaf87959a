package transactions

import (
	"time"

	"github.com/txstream/txstream/domain"
)

// onResult decides what a conversion result does. Only a result for the
// conversion the transaction is waiting for (status converting, fingerprint
// of domain.ConversionFor) moves it on; anything else changes nothing. A
// result already applied is a redelivery and writes the value again.
func onResult(cur *domain.Transaction, res *domain.Conversion, now time.Time) outcome {
	if !usable(*res) {
		return outcome{malformed: true}
	}
	if cur == nil || res.Fingerprint != expectedConversion(*cur) {
		return outcome{duplicate: true} // stale, or for another request
	}
	if cur.Status != domain.StatusConverting {
		if cur.Conversion != nil && cur.Conversion.Fingerprint == res.Fingerprint {
			return replay(*cur)
		}
		return outcome{duplicate: true}
	}
	return finish(*cur, *res, now)
}

// finish ends a converting transaction with the result, which it keeps in
// Conversion whether it completed or failed.
func finish(tx domain.Transaction, res domain.Conversion, now time.Time) outcome {
	tx.Conversion = &res
	var ev domain.StatusEvent
	if res.Status == domain.StatusCompleted {
		ev = advance(&tx, domain.StatusCompleted, "", now)
	} else {
		ev = advance(&tx, domain.StatusFailed, res.Reason, now)
	}
	return outcome{write: &tx, changes: []domain.StatusEvent{ev}}
}

// usable: a completed result carries its value, a failed one its reason.
func usable(res domain.Conversion) bool {
	switch res.Status {
	case domain.StatusCompleted:
		return res.ConvertedValue != ""
	case domain.StatusFailed:
		return res.Reason != ""
	}
	return false
}
