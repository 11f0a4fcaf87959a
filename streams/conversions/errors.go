package conversions

import "errors"

// ErrMisaddressed is logged by the processor for a request it drops because
// its key, ID and TransactionID disagree: the key is the conversion id, and a
// request linked to a transaction has the transaction's id as both. Such a
// request could overwrite or answer for someone else's conversion.
var ErrMisaddressed = errors.New("conversions: request key, id and transaction id disagree")
