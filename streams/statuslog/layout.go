package statuslog

import (
	"bytes"
	"math"
	"unicode/utf8"
)

// The status-log table holds, per transaction, the JSON that streams.JSON
// writes for a domain.StatusLog:
//
//	{"schema":1,"transaction_id":"<id>","entries":[<entry>,<entry>,...]}
//	<entry> = {"version":<n>,"status":"<s>"[,"reason":"<r>"],"at":"<time>"}
//
// A log only ever grows by one entry at its end, so the processor appends
// the new entry's JSON before the closing "]}" instead of decoding the
// whole history and encoding it again, and the index decodes only what was
// appended. Both first check that the bytes are laid out exactly as above,
// with strings free of escapes; anything else (another writer, a newer
// schema, an escaped character) takes the decoding path, so the layout is
// an optimisation and never a second format. A test checks that it is what
// streams.JSON writes.
var (
	logHead    = []byte(`{"schema":1,"transaction_id":`)
	logEntries = []byte(`,"entries":[`)
	logTail    = []byte(`]}`)
	keyVersion = []byte(`{"version":`)
	keyStatus  = []byte(`,"status":`)
	keyReason  = []byte(`,"reason":`)
	keyAt      = []byte(`,"at":`)
)

// span is one entry as laid out in the stored bytes: its version, its
// status and reason as they are written (without quotes), and its time as
// a JSON string (with them).
type span struct {
	version        int64
	status, reason []byte
	at             []byte
}

// scanLog returns the entries part of a stored log (between the brackets)
// and the version of its last entry, if raw is laid out as above with at
// least one entry.
func scanLog(raw []byte) (entries []byte, last int64, ok bool) {
	rest, ok := bytes.CutPrefix(raw, logHead)
	if !ok {
		return nil, 0, false
	}
	if _, rest, ok = plainString(rest); !ok {
		return nil, 0, false
	}
	if rest, ok = bytes.CutPrefix(rest, logEntries); !ok {
		return nil, 0, false
	}
	if entries, ok = bytes.CutSuffix(rest, logTail); !ok {
		return nil, 0, false
	}
	if last, ok = scanEntries(entries); !ok {
		return nil, 0, false
	}
	return entries, last, true
}

// scanEntries checks that b is one or more entries separated by commas and
// returns the version of the last one.
func scanEntries(b []byte) (last int64, ok bool) {
	for {
		s, rest, ok := nextEntry(b)
		if !ok {
			return 0, false
		}
		if len(rest) == 0 {
			return s.version, true
		}
		if rest[0] != ',' {
			return 0, false
		}
		b = rest[1:]
	}
}

// findEntry returns the last entry of entries (checked by scanEntries) with
// version v, as entryAt does on a decoded log.
func findEntry(entries []byte, v int64) (found span, ok bool) {
	for len(entries) > 0 {
		s, rest, _ := nextEntry(entries)
		if s.version == v {
			found, ok = s, true
		}
		entries = bytes.TrimPrefix(rest, []byte{','})
	}
	return found, ok
}

// nextEntry reads the entry at the start of b and returns what follows it.
func nextEntry(b []byte) (s span, rest []byte, ok bool) {
	if rest, ok = bytes.CutPrefix(b, keyVersion); !ok {
		return span{}, nil, false
	}
	if s.version, rest, ok = plainInt(rest); !ok {
		return span{}, nil, false
	}
	if rest, ok = bytes.CutPrefix(rest, keyStatus); !ok {
		return span{}, nil, false
	}
	if s.status, rest, ok = plainString(rest); !ok {
		return span{}, nil, false
	}
	if after, found := bytes.CutPrefix(rest, keyReason); found {
		if s.reason, rest, ok = plainString(after); !ok || len(s.reason) == 0 {
			return span{}, nil, false // omitempty never writes an empty reason
		}
	}
	if rest, ok = bytes.CutPrefix(rest, keyAt); !ok {
		return span{}, nil, false
	}
	at := rest
	if _, rest, ok = plainString(rest); !ok || len(rest) == 0 || rest[0] != '}' {
		return span{}, nil, false
	}
	s.at = at[:len(at)-len(rest)]
	return s, rest[1:], true
}

// plainString reads a JSON string at the start of b that has no escapes,
// no control characters and no invalid UTF-8 (which a decoder would
// replace), and returns its contents, which are then exactly what decoding
// it gives, and what follows.
func plainString(b []byte) (s, rest []byte, ok bool) {
	if len(b) == 0 || b[0] != '"' {
		return nil, nil, false
	}
	ascii := true
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			if !ascii && !utf8.Valid(b[1:i]) {
				return nil, nil, false
			}
			return b[1:i], b[i+1:], true
		case c == '\\' || c < 0x20:
			return nil, nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, nil, false
}

// plainInt reads a non-negative JSON integer (no leading zero, no sign, no
// fraction: what the encoder writes for a version) at the start of b.
func plainInt(b []byte) (v int64, rest []byte, ok bool) {
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		d := int64(b[i] - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, nil, false
		}
		v = v*10 + d
		i++
	}
	if i == 0 || (i > 1 && b[0] == '0') {
		return 0, nil, false
	}
	return v, b[i:], true
}
