package domain

import "fmt"

// MaxIDLength bounds transaction and conversion ids. Ids are Kafka keys, path
// segments and Redis keys, so they stay short and URL-safe.
const MaxIDLength = 128

// ValidateID accepts 1 to MaxIDLength characters of A-Z a-z 0-9 and ". _ - :",
// except "." and "..": an id is a path segment, and those two are dot
// segments, which no canonical path holds.
func ValidateID(id string) error {
	switch id {
	case "":
		return fmt.Errorf("%w: empty", ErrInvalidID)
	case ".", "..":
		return fmt.Errorf("%w: %q is a dot segment, not a path segment an id can be", ErrInvalidID, id)
	}
	if len(id) > MaxIDLength {
		return fmt.Errorf("%w: longer than %d characters", ErrInvalidID, MaxIDLength)
	}
	for i := 0; i < len(id); i++ {
		if !idChar(id[i]) {
			return fmt.Errorf("%w: character %q at position %d is not one of A-Z a-z 0-9 : . _ -", ErrInvalidID, id[i], i)
		}
	}
	return nil
}

func idChar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return c == '.' || c == '_' || c == '-' || c == ':'
}
