package edge

import (
	"time"

	"github.com/txstream/txstream/domain"
)

// transactionFields are the members of a POST /transactions body, in the
// order of the bits of transactionRequired.
var transactionFields = []string{"id", "amount", "currency", "target_currency", "metadata"}

const transactionRequired = 1<<0 | 1<<1 | 1<<2

// DecodeTransaction reads a POST /transactions body under the decoding
// policy of this package and returns the validated event for the
// transaction topic, received at now. Errors are *RequestError.
func DecodeTransaction(body []byte, now time.Time) (domain.TransactionRequested, error) {
	in, err := decodeTransactionInput(body, transactionRequired)
	if err != nil {
		return domain.TransactionRequested{}, err
	}
	return requested(in, now)
}

// DecodeTransactionFor reads a PUT /transactions/{id} body: the body of a
// POST whose id is the path's, so the body may leave it out; an id in the
// body that is not the path's is id_mismatch, since which of the two the
// client meant cannot be told. id must be valid (pathID). Errors are
// *RequestError.
func DecodeTransactionFor(id string, body []byte, now time.Time) (domain.TransactionRequested, error) {
	in, err := decodeTransactionInput(body, transactionRequired&^1)
	if err != nil {
		return domain.TransactionRequested{}, err
	}
	if in.ID != "" && in.ID != id {
		return domain.TransactionRequested{}, requestError(CodeIDMismatch, "id", "the body names another id than the path")
	}
	in.ID = id
	return requested(in, now)
}

// decodeTransactionInput reads the members of a transaction body; required
// has the bits of the members that must be present.
func decodeTransactionInput(body []byte, required uint16) (domain.TransactionInput, error) {
	var in domain.TransactionInput
	err := decodeObject(body, transactionFields, required, func(i int, raw []byte) (err error) {
		switch i {
		case 0:
			in.ID, err = asString("id", raw)
		case 1:
			in.Amount, err = asDecimal("amount", raw)
		case 2:
			in.Currency, err = asString("currency", raw)
		case 3:
			in.TargetCurrency, err = asString("target_currency", raw)
		case 4:
			in.Metadata, err = asObject("metadata", raw)
		}
		return err
	})
	return in, err
}

// requested validates in as the event received at now.
func requested(in domain.TransactionInput, now time.Time) (domain.TransactionRequested, error) {
	ev, err := domain.NewTransactionRequested(in, now)
	if err != nil {
		return domain.TransactionRequested{}, fromDomain(err)
	}
	return ev, nil
}
