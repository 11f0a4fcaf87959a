package statuslog

import "bytes"

// zeroAt is how the encoder writes a change without a time, which the
// handler stamps, so the decoding path has it.
var zeroAt = []byte(`"0001-01-01T00:00:00Z"`)

// spliced is applyHistory on the bytes, for the common record: l is laid
// out as layout.go says (or nil), and so is history, the record's history
// array, since the transactions processor encodes the same
// domain.StatusChange with the same encoder. The entries after the last
// version are then appended to the stored bytes as they came, with
// nothing decoded or encoded; those at or below it are compared as
// storedLog.apply does. ok is false when the decoding path must decide: a
// value out of the layout, a version missing below the last (to fill) or
// above it (a gap), an entry out of order, without a time or with an
// unknown status (to dead-letter).
func (l *storedLog) spliced(id string, history []byte) (next *storedLog, result outcome, ok bool) {
	if l != nil && l.raw == nil {
		return nil, 0, false
	}
	b, ok := bytes.CutPrefix(history, []byte{'['})
	if !ok {
		return nil, 0, false
	}
	if b, ok = bytes.CutSuffix(b, []byte{']'}); !ok || len(b) == 0 {
		return nil, 0, false
	}
	last := l.lastVersion()
	result, fresh, v, ok := l.compare(b, last)
	if !ok {
		return nil, 0, false
	}
	if fresh == nil {
		return nil, result, true
	}
	return l.withEntries(id, fresh, v), worse(result, appended), true
}

// compare walks entries (the inside of a history array): those at or below
// last are compared with l's, the rest must follow on from last, one
// version after the other. It returns what the repeats did, the new
// entries (nil for none) and the version of the last one.
func (l *storedLog) compare(entries []byte, last int64) (result outcome, fresh []byte, v int64, ok bool) {
	result, v = duplicate, last
	for b := entries; len(b) > 0; {
		s, rest, ok := nextEntry(b)
		if !ok || !plainChange(s) || (len(rest) > 0 && rest[0] != ',') {
			return 0, nil, 0, false
		}
		switch {
		case s.version <= last && fresh == nil:
			prev, found := findEntry(l.entries, s.version)
			if !found {
				return 0, nil, 0, false
			}
			if !bytes.Equal(prev.status, s.status) || !bytes.Equal(prev.reason, s.reason) {
				result = conflict
			}
		case s.version == v+1:
			if fresh == nil {
				fresh = b
			}
			v = s.version
		default:
			return 0, nil, 0, false
		}
		b = bytes.TrimPrefix(rest, []byte{','})
	}
	return result, fresh, v, true
}

// plainChange: an entry the log can take as it is, without the decoding
// path's checks or stamp.
func plainChange(s span) bool {
	return s.version >= 1 && internStatus(s.status).Valid() && !bytes.Equal(s.at, zeroAt)
}

// withEntries returns l with entries (laid out, ending at version v)
// appended, or a new log of id holding them when l is nil: the bytes that
// encoding the whole log would give. Ids are plain (domain.ValidateID), so
// quoting one is encoding it. The bytes are new (l's may be the storage's).
func (l *storedLog) withEntries(id string, entries []byte, v int64) *storedLog {
	var raw []byte
	var from int // where the entries part starts in raw
	if l == nil {
		raw = make([]byte, 0, len(logHead)+len(id)+2+len(logEntries)+len(entries)+len(logTail))
		raw = append(append(append(append(raw, logHead...), '"'), id...), '"')
		raw = append(raw, logEntries...)
		from = len(raw)
	} else {
		head := len(l.raw) - len(logTail)
		raw = make([]byte, 0, len(l.raw)+1+len(entries))
		raw = append(append(raw, l.raw[:head]...), ',')
		from = head - len(l.entries)
	}
	raw = append(append(raw, entries...), logTail...)
	return &storedLog{raw: raw, entries: raw[from : len(raw)-len(logTail)], last: v}
}
