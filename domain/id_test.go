package domain

import (
	"errors"
	"strings"
	"testing"
)

// TestValidateID: ids are path segments, so "." and ".." (dot segments,
// which the edge refuses as non-canonical paths) cannot be ids: a
// transaction POSTed under one could never be read back.
func TestValidateID(t *testing.T) {
	valid := []string{"1", "tx-1", "a.b", "...", "..a", "a..", "ORD:2024_01", strings.Repeat("x", MaxIDLength)}
	for _, id := range valid {
		if err := ValidateID(id); err != nil {
			t.Errorf("ValidateID(%q) = %v, want nil", id, err)
		}
	}
	invalid := []string{"", ".", "..", "a/b", "a b", "é", strings.Repeat("x", MaxIDLength+1)}
	for _, id := range invalid {
		if err := ValidateID(id); !errors.Is(err, ErrInvalidID) {
			t.Errorf("ValidateID(%q) = %v, want ErrInvalidID", id, err)
		}
	}
}
