package edge

import (
	"encoding/json"
	"errors"
	"math/bits"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/jsonscan"
)

// Decoding policy, shared by every request body, read with the scanner of
// edge/jsonscan:
//   - the body is exactly one JSON object: anything else, and any data after
//     the object, is malformed_json or wrong_type;
//   - unknown members are refused (unknown_field): in a money API a
//     misspelt "target_curency" must not be dropped silently;
//   - a member given twice is refused (duplicate_field), also inside
//     metadata, because parsers disagree on which copy wins;
//   - null means absent; a required member absent or null is missing_field;
//   - amounts and rates are decimal strings or JSON numbers whose exact
//     text is kept (no float64 round trip);
//   - values are then validated by the domain constructors, whose policy
//     (ids, ISO 4217, strictly positive amounts) is the only one.

// decodeObject walks the members of body, one JSON object, matching them to
// names by position: set is called with the index of each non-null member.
// required has bit i set when names[i] must be present.
func decodeObject(body []byte, names []string, required uint16, set func(i int, raw []byte) error) error {
	if !json.Valid(body) {
		return requestError(CodeMalformedJSON, "", "the body is not one valid JSON value")
	}
	m, ok := jsonscan.OpenObject(body)
	if !ok {
		return requestError(CodeWrongType, "", "the body must be a JSON object")
	}
	var seen, present uint16
	for m.Next() {
		i := fieldIndex(names, m.Name())
		switch {
		case i < 0:
			return requestError(CodeUnknownField, shorten(m.Name()), "this member is not part of the request")
		case seen&(1<<i) != 0:
			return requestError(CodeDuplicateField, names[i], "the member appears more than once")
		}
		seen |= 1 << i
		if jsonscan.KindOf(m.Value()) == jsonscan.Null {
			continue
		}
		present |= 1 << i
		if err := set(i, m.Value()); err != nil {
			return err
		}
	}
	if m.Malformed() {
		return requestError(CodeMalformedJSON, "", "the body is not a well-formed JSON object")
	}
	if missing := required &^ present; missing != 0 {
		return requestError(CodeMissingField, names[bits.TrailingZeros16(missing)], "the member is required")
	}
	return nil
}

func fieldIndex(names []string, name []byte) int {
	for i, n := range names {
		if n == string(name) {
			return i
		}
	}
	return -1
}

// shorten bounds a client-chosen name quoted back in an answer.
func shorten(name []byte) string {
	const max = 64
	if len(name) > max {
		return string(name[:max]) + "..."
	}
	return string(name)
}

// asString reads a member that must be a JSON string.
func asString(field string, raw []byte) (string, error) {
	if jsonscan.KindOf(raw) != jsonscan.String {
		return "", requestError(CodeWrongType, field, "must be a string")
	}
	return jsonscan.StringValue(raw), nil
}

// asDecimal reads a decimal given as a string or as a JSON number; a
// number's text is taken as written, so 0.1 stays exactly 0.1.
func asDecimal(field string, raw []byte) (string, error) {
	switch jsonscan.KindOf(raw) {
	case jsonscan.String:
		return jsonscan.StringValue(raw), nil
	case jsonscan.Number:
		return string(raw), nil
	}
	return "", requestError(CodeWrongType, field, "must be a decimal string or a JSON number")
}

// asObject reads a member that must be a JSON object without duplicate
// keys at any depth. The result aliases raw.
func asObject(field string, raw []byte) (json.RawMessage, error) {
	if jsonscan.KindOf(raw) != jsonscan.Object {
		return nil, requestError(CodeWrongType, field, "must be a JSON object")
	}
	if key, dup := jsonscan.DuplicateKey(raw); dup {
		return nil, requestError(CodeDuplicateField, field, "key %q appears more than once in one object", shorten([]byte(key)))
	}
	return raw, nil
}

// fromDomain turns a domain validation error into the catalog's terms.
func fromDomain(err error) error {
	field := ""
	var fe *domain.FieldError
	if errors.As(err, &fe) {
		field = fe.Field
	}
	code := CodeBadRequest
	switch {
	case errors.Is(err, domain.ErrInvalidID):
		code = CodeInvalidID
	case errors.Is(err, domain.ErrInvalidAmount):
		code = CodeInvalidAmount
	case errors.Is(err, domain.ErrInvalidCurrency):
		code = CodeInvalidCurrency
	case errors.Is(err, domain.ErrInvalidMetadata):
		code = CodeInvalidMetadata
	case errors.Is(err, domain.ErrInvalidRate):
		code = CodeInvalidRate
	case errors.Is(err, domain.ErrInvalidWebhook):
		code = CodeInvalidWebhook
	}
	detail := err.Error()
	if fe != nil {
		detail = fe.Err.Error()
	}
	return &RequestError{Code: code, Field: field, Detail: detail, Err: err}
}

// pathID validates an id taken from the path.
func pathID(id string) error {
	if err := domain.ValidateID(id); err != nil {
		return &RequestError{Code: CodeInvalidID, Field: "id", Detail: err.Error(), Err: err}
	}
	return nil
}
