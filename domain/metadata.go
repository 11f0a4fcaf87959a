package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// MaxMetadataBytes bounds the canonical metadata of one transaction.
const MaxMetadataBytes = 4096

// CanonicalMetadata checks that raw is a JSON object and returns it with
// sorted keys and no insignificant space, so that two bodies that differ only
// in key order or spacing have the same fingerprint. Numbers keep their exact
// text. Empty input and JSON null give nil.
func CanonicalMetadata(raw []byte) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, fmt.Errorf("%w: not a JSON object: %v", ErrInvalidMetadata, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the object", ErrInvalidMetadata)
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidMetadata, err)
	}
	if len(out) > MaxMetadataBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrInvalidMetadata, len(out), MaxMetadataBytes)
	}
	return out, nil
}
