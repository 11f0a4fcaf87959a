package transactions

import (
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// onMalformed decides what an undecodable request value does: a new valid
// id gets a transaction that failed with malformed_event, so that the client
// who used it can see why. A recorded id stays as it is; the very same bytes
// again are a redelivery and re-emit the record's outputs.
func onMalformed(cur *domain.Transaction, key string, m *streams.Malformed, now time.Time) outcome {
	if domain.ValidateID(key) != nil {
		return outcome{malformed: true}
	}
	fp := streams.LocalFingerprint("malformed", string(m.Raw))
	if cur != nil {
		if cur.Fingerprint != fp {
			return outcome{malformed: true}
		}
		out := replay(*cur)
		out.malformed = true
		return out
	}
	req := request{tx: domain.Transaction{ID: key, Fingerprint: fp}, reason: domain.ReasonMalformedEvent}
	out := req.start(now, now)
	out.malformed = true
	return out
}
