package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// FieldError says which request field failed validation and why.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap gives the sentinel (ErrInvalidAmount, ErrInvalidCurrency, ...).
func (e *FieldError) Unwrap() error { return e.Err }

// TransactionInput is a transaction as a client sends it, before validation.
type TransactionInput struct {
	ID             string
	Amount         string
	Currency       string
	TargetCurrency string
	Metadata       json.RawMessage
}

// NewTransactionRequested validates in and returns the event to put on the
// transaction topic, with the amount and metadata in canonical form and the
// fingerprint that tells a replay from a conflict. Errors are *FieldError.
func NewTransactionRequested(in TransactionInput, now time.Time) (TransactionRequested, error) {
	if err := ValidateID(in.ID); err != nil {
		return TransactionRequested{}, &FieldError{"id", err}
	}
	cur, err := ParseCurrency(in.Currency)
	if err != nil {
		return TransactionRequested{}, &FieldError{"currency", err}
	}
	amount, err := ParseAmount(in.Amount, cur)
	if err != nil {
		return TransactionRequested{}, &FieldError{"amount", err}
	}
	if in.TargetCurrency != "" {
		if _, err := ParseCurrency(in.TargetCurrency); err != nil {
			return TransactionRequested{}, &FieldError{"target_currency", err}
		}
	}
	meta, err := CanonicalMetadata(in.Metadata)
	if err != nil {
		return TransactionRequested{}, &FieldError{"metadata", err}
	}
	ev := TransactionRequested{
		Schema:         SchemaVersion,
		ID:             in.ID,
		Amount:         CanonicalAmount(amount, cur),
		Currency:       in.Currency,
		TargetCurrency: in.TargetCurrency,
		Metadata:       meta,
		ReceivedAt:     now.UTC(),
	}
	ev.Fingerprint = fingerprint("transaction", ev.ID, ev.Amount, ev.Currency, ev.TargetCurrency, string(ev.Metadata))
	return ev, nil
}

// NeedsConversion reports whether the transaction asks for another currency.
func (ev TransactionRequested) NeedsConversion() bool {
	return ev.TargetCurrency != "" && ev.TargetCurrency != ev.Currency
}

// ConversionInput is a conversion as a client of POST /convert sends it.
type ConversionInput struct {
	ID     string
	Amount string
	From   string
	To     string
}

// NewConversionRequest validates in and returns the event to put on the
// conversion topic. Errors are *FieldError.
func NewConversionRequest(in ConversionInput, now time.Time) (ConversionRequest, error) {
	if err := ValidateID(in.ID); err != nil {
		return ConversionRequest{}, &FieldError{"id", err}
	}
	from, err := ParseCurrency(in.From)
	if err != nil {
		return ConversionRequest{}, &FieldError{"from", err}
	}
	if _, err := ParseCurrency(in.To); err != nil {
		return ConversionRequest{}, &FieldError{"to", err}
	}
	amount, err := ParseAmount(in.Amount, from)
	if err != nil {
		return ConversionRequest{}, &FieldError{"amount", err}
	}
	req := ConversionRequest{
		Schema:      SchemaVersion,
		ID:          in.ID,
		Amount:      CanonicalAmount(amount, from),
		From:        in.From,
		To:          in.To,
		RequestedAt: now.UTC(),
	}
	req.Fingerprint = fingerprint("conversion", req.ID, req.Amount, req.From, req.To, "")
	return req, nil
}

// ConversionFor builds the conversion request that a transaction needing
// another currency sends; its ID is the transaction id.
func ConversionFor(tx Transaction, now time.Time) ConversionRequest {
	req := ConversionRequest{
		Schema:        SchemaVersion,
		ID:            tx.ID,
		Amount:        tx.Amount,
		From:          tx.Currency,
		To:            tx.TargetCurrency,
		TransactionID: tx.ID,
		RequestedAt:   now.UTC(),
	}
	req.Fingerprint = fingerprint("conversion", req.ID, req.Amount, req.From, req.To, req.TransactionID)
	return req
}

// fingerprint hashes the canonical fields of a request. Fields are joined
// with a NUL byte, which no field can contain after validation.
func fingerprint(kind string, fields ...string) string {
	h := sha256.New()
	h.Write([]byte(kind))
	for _, f := range fields {
		h.Write([]byte{0})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
