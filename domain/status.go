package domain

// Status is the lifecycle state of a transaction, written as the lowercase
// words the seed's log used.
type Status string

// The statuses of the transaction state machine:
//
//	received -> converting (only when a target currency differs) -> completed | failed
//	received -> completed | failed
const (
	StatusReceived   Status = "received"
	StatusConverting Status = "converting"
	StatusCompleted  Status = "completed"
	StatusFailed     Status = "failed"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusReceived, StatusConverting, StatusCompleted, StatusFailed}

// Terminal reports whether no further transition can follow s.
func (s Status) Terminal() bool {
	return s == StatusCompleted || s == StatusFailed
}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	for _, known := range Statuses {
		if s == known {
			return true
		}
	}
	return false
}

// Reason is the stable code that says why a transaction or a conversion
// failed. Codes never change meaning; new ones may be added.
type Reason string

// Failure reasons.
const (
	// ReasonInvalidAmount: the amount is not a positive decimal that fits the
	// currency's minor unit.
	ReasonInvalidAmount Reason = "invalid_amount"
	// ReasonInvalidCurrency: a currency is not an ISO 4217 code.
	ReasonInvalidCurrency Reason = "invalid_currency"
	// ReasonNoRate: the rates table has no rate for a currency of the pair.
	ReasonNoRate Reason = "no_rate"
	// ReasonConflict: the id is already taken by a different request.
	ReasonConflict Reason = "conflict"
	// ReasonMalformedEvent: the Kafka value could not be decoded.
	ReasonMalformedEvent Reason = "malformed_event"
	// ReasonOverflow: the converted amount does not fit the decimal range.
	ReasonOverflow Reason = "overflow"
	// ReasonStaleRate: a rate of the pair is older than the maximum rate
	// age the conversions processor was given.
	ReasonStaleRate Reason = "stale_rate"
)
