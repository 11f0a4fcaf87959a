package domain

// Submitted is the outcome of a write the actors accepted: Kafka has
// acknowledged the event (or, for a replay, had acknowledged it before).
// The actors return it and the edge answers from it; it lives here so that
// the actors' gateway is the edge's write side as it is, with no adapter.
type Submitted struct {
	// Replayed: the same id and the same body were submitted before; the
	// edge marks its answer with Idempotent-Replayed: true.
	Replayed bool
	// Transaction (for a transaction id) is the state the table has shown
	// so far, nil if none yet: the edge then answers with the event as
	// received. Shared: it must not be modified.
	Transaction *Transaction
	// Conversion (for a conversion id) is the result known so far, nil if
	// none yet. Shared: it must not be modified.
	Conversion *Conversion
}
