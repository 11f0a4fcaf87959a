package jsonscan

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Kind is the kind of a JSON value, told by its first byte.
type Kind byte

// The kinds of JSON values.
const (
	Invalid Kind = iota
	String
	Number
	Object
	Array
	Bool
	Null
)

// KindOf tells the kind of raw, one JSON value without leading space.
func KindOf(raw []byte) Kind {
	if len(raw) == 0 {
		return Invalid
	}
	switch c := raw[0]; {
	case c == '"':
		return String
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == 't' || c == 'f':
		return Bool
	case c == 'n':
		return Null
	case c == '-' || (c >= '0' && c <= '9'):
		return Number
	}
	return Invalid
}

// Members iterates the members of one JSON object: Next, then Name and
// Value of the member it moved to.
type Members struct {
	data []byte
	pos  int
	key  []byte // raw key with its quotes, still escaped
	val  []byte // raw value
	bad  bool
}

// OpenObject starts iterating raw, which must be a valid JSON object
// (surrounding space allowed); false when it is not an object.
func OpenObject(raw []byte) (Members, bool) {
	raw = bytes.TrimSpace(raw)
	if KindOf(raw) != Object {
		return Members{}, false
	}
	return Members{data: raw, pos: 1}, true
}

// Next moves to the next member; false at the end or on malformed input
// (then Malformed is true).
func (m *Members) Next() bool {
	m.pos = skipSpace(m.data, m.pos)
	if m.pos < len(m.data) && m.data[m.pos] == ',' {
		m.pos = skipSpace(m.data, m.pos+1)
	}
	if m.pos >= len(m.data) || m.data[m.pos] == '}' {
		return false
	}
	end := skipString(m.data, m.pos)
	if end < 0 {
		m.bad = true
		return false
	}
	m.key = m.data[m.pos:end]
	m.pos = skipSpace(m.data, end)
	if m.pos >= len(m.data) || m.data[m.pos] != ':' {
		m.bad = true
		return false
	}
	start := skipSpace(m.data, m.pos+1)
	end = skipValue(m.data, start)
	if end <= start {
		m.bad = true
		return false
	}
	m.val, m.pos = m.data[start:end], end
	return true
}

// Value is the current member's raw value, aliasing the object.
func (m *Members) Value() []byte { return m.val }

// Malformed reports whether Next stopped on malformed input rather than at
// the end of the object.
func (m *Members) Malformed() bool { return m.bad }

// Name returns the current member's key as encoding/json reads it. Keys
// without a backslash, in valid UTF-8, are returned without copying.
func (m *Members) Name() []byte {
	inner := m.key[1 : len(m.key)-1]
	if plain(inner) {
		return inner
	}
	return unescape(m.key)
}

// elements iterates the elements of one JSON array.
type elements struct {
	data []byte
	pos  int
	val  []byte
	bad  bool
}

// openArray starts iterating raw, a valid JSON array.
func openArray(raw []byte) elements { return elements{data: raw, pos: 1} }

// next moves to the next element; false at the end or on malformed input.
func (e *elements) next() bool {
	e.pos = skipSpace(e.data, e.pos)
	if e.pos < len(e.data) && e.data[e.pos] == ',' {
		e.pos = skipSpace(e.data, e.pos+1)
	}
	if e.pos >= len(e.data) || e.data[e.pos] == ']' {
		return false
	}
	end := skipValue(e.data, e.pos)
	if end <= e.pos { // no value, or one that does not end: no progress
		e.bad = true
		return false
	}
	e.val, e.pos = e.data[e.pos:end], end
	return true
}

// StringValue returns the text of a JSON string token. Strings without a
// backslash cost one allocation (the string itself).
func StringValue(raw []byte) string {
	if len(raw) < 2 {
		return ""
	}
	inner := raw[1 : len(raw)-1]
	if plain(inner) {
		return string(inner)
	}
	return string(unescape(raw))
}

// plain reports whether a string token's inner bytes are its text: no
// escape, and valid UTF-8. encoding/json reads each invalid byte as U+FFFD,
// so that two keys differing only in invalid bytes are one key to it (and
// to the domain's canonical metadata): the scanner reads them as it does.
func plain(inner []byte) bool {
	return bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner)
}

// unescape decodes a quoted JSON string with escapes or invalid UTF-8;
// the rare path.
func unescape(quoted []byte) []byte {
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return nil
	}
	return []byte(s)
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just after the string starting at i, or -1.
func skipString(data []byte, i int) int {
	if i >= len(data) || data[i] != '"' {
		return -1
	}
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// skipValue returns the index just after the value starting at i, or -1.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		return skipComposite(data, i)
	}
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// skipComposite skips an object or array, counting nesting outside strings.
func skipComposite(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		switch data[i] {
		case '"':
			i = skipString(data, i)
			if i < 0 {
				return -1
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return -1
}
