package edge

import (
	"bytes"
	"encoding/json"
)

// The request decoders read bodies with this small scanner instead of
// encoding/json's reflection: it lets them refuse duplicate and unknown
// members, keep a JSON number's exact text, and allocate little. Every body
// is first checked by json.Valid, so the scanner only walks well-formed
// JSON; it still bounds-checks every index so that no input can panic it.

// jsonKind is the kind of a JSON value, told by its first byte.
type jsonKind byte

const (
	kindInvalid jsonKind = iota
	kindString
	kindNumber
	kindObject
	kindArray
	kindBool
	kindNull
)

func kindOf(raw []byte) jsonKind {
	if len(raw) == 0 {
		return kindInvalid
	}
	switch c := raw[0]; {
	case c == '"':
		return kindString
	case c == '{':
		return kindObject
	case c == '[':
		return kindArray
	case c == 't' || c == 'f':
		return kindBool
	case c == 'n':
		return kindNull
	case c == '-' || (c >= '0' && c <= '9'):
		return kindNumber
	}
	return kindInvalid
}

// members iterates the members of one JSON object.
type members struct {
	data []byte
	pos  int
	key  []byte // raw key with its quotes, still escaped
	val  []byte // raw value
	bad  bool
}

// openObject starts iterating raw, which must be a valid JSON object.
func openObject(raw []byte) (members, bool) {
	raw = bytes.TrimSpace(raw)
	if kindOf(raw) != kindObject {
		return members{}, false
	}
	return members{data: raw, pos: 1}, true
}

// next moves to the next member; false at the end or on malformed input.
func (m *members) next() bool {
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
	if end < 0 {
		m.bad = true
		return false
	}
	m.val, m.pos = m.data[start:end], end
	return true
}

// name returns the member's key unescaped. Keys without a backslash are
// returned without copying.
func (m *members) name() []byte {
	inner := m.key[1 : len(m.key)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
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

func openArray(raw []byte) elements { return elements{data: raw, pos: 1} }

func (e *elements) next() bool {
	e.pos = skipSpace(e.data, e.pos)
	if e.pos < len(e.data) && e.data[e.pos] == ',' {
		e.pos = skipSpace(e.data, e.pos+1)
	}
	if e.pos >= len(e.data) || e.data[e.pos] == ']' {
		return false
	}
	end := skipValue(e.data, e.pos)
	if end < 0 {
		e.bad = true
		return false
	}
	e.val, e.pos = e.data[e.pos:end], end
	return true
}

// stringValue returns the text of a JSON string token. Strings without a
// backslash cost one allocation (the string itself).
func stringValue(raw []byte) string {
	if len(raw) < 2 {
		return ""
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner)
	}
	return string(unescape(raw))
}

// unescape decodes a quoted JSON string with escapes; the rare path.
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
