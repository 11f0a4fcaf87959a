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
	var in domain.TransactionInput
	err := decodeObject(body, transactionFields, transactionRequired, func(i int, raw []byte) (err error) {
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
	if err != nil {
		return domain.TransactionRequested{}, err
	}
	ev, err := domain.NewTransactionRequested(in, now)
	if err != nil {
		return domain.TransactionRequested{}, fromDomain(err)
	}
	return ev, nil
}
