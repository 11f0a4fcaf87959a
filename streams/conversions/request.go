package conversions

import (
	"fmt"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// checked is a request after validation: req carries the fingerprint this
// processor computed (never the one on the wire) and, when the request is
// valid, the canonical amount; err says why it cannot be converted.
type checked struct {
	req domain.ConversionRequest
	err error
}

func (c checked) linked() bool { return c.req.TransactionID != "" }

// addressed checks that a request is where it claims to be: the key is its
// id, and a linked request's id is its transaction's.
func addressed(key string, req domain.ConversionRequest) error {
	if err := domain.ValidateID(key); err != nil {
		return fmt.Errorf("%w: key: %w", ErrMisaddressed, err)
	}
	if req.ID != key {
		return fmt.Errorf("%w: id %q under key %q", ErrMisaddressed, req.ID, key)
	}
	if req.TransactionID != "" && req.TransactionID != key {
		return fmt.Errorf("%w: transaction %q under key %q", ErrMisaddressed, req.TransactionID, key)
	}
	return nil
}

// check validates a request and fingerprints it the way its writer did, so
// that a redelivery is recognised whoever wrote it.
func check(req domain.ConversionRequest) checked {
	if req.TransactionID != "" {
		return checkLinked(req)
	}
	return checkStandalone(req)
}

// checkStandalone validates a POST /convert request exactly as the edge
// did. One the edge would have refused came from another Kafka client; it
// is fingerprinted over its raw fields.
func checkStandalone(req domain.ConversionRequest) checked {
	in := domain.ConversionInput{ID: req.ID, Amount: req.Amount, From: req.From, To: req.To}
	valid, err := domain.NewConversionRequest(in, req.RequestedAt)
	if err != nil {
		req.Fingerprint = streams.LocalFingerprint("standalone", req.ID, req.Amount, req.From, req.To)
		return checked{req: req, err: err}
	}
	return checked{req: valid}
}

// checkLinked validates a request the transactions processor made. Its
// fingerprint is domain.ConversionFor's, which is what the transactions
// processor expects on the result, valid or not.
func checkLinked(req domain.ConversionRequest) checked {
	req.Fingerprint = linkedFingerprint(req.TransactionID, req.Amount, req.From, req.To)
	from, err := domain.ParseCurrency(req.From)
	if err != nil {
		return checked{req: req, err: &domain.FieldError{Field: "from", Err: err}}
	}
	if _, err := domain.ParseCurrency(req.To); err != nil {
		return checked{req: req, err: &domain.FieldError{Field: "to", Err: err}}
	}
	amount, err := domain.ParseAmount(req.Amount, from)
	if err != nil {
		return checked{req: req, err: &domain.FieldError{Field: "amount", Err: err}}
	}
	req.Amount = domain.CanonicalAmount(amount, from)
	return checked{req: req}
}

func linkedFingerprint(txID, amount, from, to string) string {
	tx := domain.Transaction{ID: txID, Amount: amount, Currency: from, TargetCurrency: to}
	return domain.ConversionFor(tx, tx.CreatedAt).Fingerprint
}
