package jsonscan

import "bytes"

// Elements iterates the elements of one JSON array, for the decoders that
// take a list (the batch envelope): Next, then Value.
type Elements struct{ e elements }

// OpenArray starts iterating raw, which must be a valid JSON array
// (surrounding space allowed); false when it is not an array.
func OpenArray(raw []byte) (Elements, bool) {
	raw = bytes.TrimSpace(raw)
	if KindOf(raw) != Array {
		return Elements{}, false
	}
	return Elements{e: openArray(raw)}, true
}

// Next moves to the next element; false at the end or on malformed input
// (then Malformed is true).
func (e *Elements) Next() bool { return e.e.next() }

// Value is the current element's raw value, aliasing the array.
func (e *Elements) Value() []byte { return e.e.val }

// Malformed reports whether Next stopped on malformed input rather than at
// the end of the array.
func (e *Elements) Malformed() bool { return e.e.bad }
