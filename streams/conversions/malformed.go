package conversions

import (
	"encoding/json"

	"github.com/txstream/txstream/domain"
)

// probe reads what it can of a value the codec refused (a newer schema, a
// field of the wrong type): the string fields that say which transaction
// waits for it and how that transaction fingerprinted it. Fields it cannot
// read stay empty.
func probe(raw []byte) domain.ConversionRequest {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return domain.ConversionRequest{}
	}
	str := func(name string) string {
		var s string
		_ = json.Unmarshal(fields[name], &s)
		return s
	}
	return domain.ConversionRequest{
		ID: str("id"), TransactionID: str("transaction_id"),
		Amount: str("amount"), From: str("from"), To: str("to"),
	}
}

// waiting returns the request as the failure to send to the transaction
// that waits for it, if a transaction is named and the key is its id;
// otherwise false: nobody waits, or nobody can be trusted to.
func waiting(key string, req domain.ConversionRequest) (domain.ConversionRequest, bool) {
	if req.TransactionID == "" || req.TransactionID != key || domain.ValidateID(key) != nil {
		return domain.ConversionRequest{}, false
	}
	req.ID = key
	req.Fingerprint = linkedFingerprint(req.TransactionID, req.Amount, req.From, req.To)
	return req, true
}
