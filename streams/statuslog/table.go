package statuslog

import (
	"fmt"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// storedLog is the processor's side of one value of its group table: the
// stored JSON when it is laid out as layout.go describes (then entries and
// last are read from it without decoding anything), else the decoded log.
// Each one comes from decoding a stored value for one message, which owns
// it: apply may change it and return it.
type storedLog struct {
	raw     []byte // nil when only log is set
	entries []byte // the entries part of raw
	last    int64  // version of the last entry of raw
	log     *domain.StatusLog
}

// MarshalJSON gives the log's JSON, so that anything showing the processor's
// table values (goka's query page, a debugger) shows what is stored.
func (l *storedLog) MarshalJSON() ([]byte, error) { return tableCodec{}.Encode(l) }

// apply folds ev into l (nil for a transaction not seen yet), as the
// package-level apply does on a decoded log, and returns the value to store
// (nil when nothing changes). On the stored bytes, an event after the last
// version is appended to them; a repeat is compared with the entry of its
// version, found in them. Only a version that fills a gap, or a value not
// in the layout, needs the decoded log.
func (l *storedLog) apply(ev domain.StatusEvent) (*storedLog, outcome, error) {
	if l != nil && l.raw != nil {
		if ev.Version > l.last {
			result := forward(l.last, ev.Version)
			if next, err := l.appended(ev.StatusChange); err == nil {
				return next, result, nil
			}
		} else if prev, ok := findEntry(l.entries, ev.Version); ok {
			if !sameSpan(prev, ev.StatusChange) {
				return nil, conflict, nil
			}
			return nil, duplicate, nil
		}
	}
	log, err := l.decoded()
	if err != nil {
		return nil, 0, err
	}
	next, result := apply(log, ev)
	if next == nil {
		return nil, result, nil
	}
	return &storedLog{log: next}, result, nil
}

// applyHistory folds the changes of a transaction's history into l (nil
// for a transaction not seen yet), one after the other as apply does, and
// returns the value to store (nil when nothing changes) and the outcome to
// report (see worse). The changes at or below the last recorded version
// are compared with the log, which costs a scan of its bytes: that is how
// a conflict is seen and how a gap left by the status events of earlier
// releases is filled.
func (l *storedLog) applyHistory(id string, history []domain.StatusChange) (*storedLog, outcome, error) {
	result, changed := duplicate, false
	for _, c := range history {
		ev := domain.StatusEvent{Schema: domain.SchemaVersion, TransactionID: id, StatusChange: c}
		next, r, err := l.apply(ev)
		if err != nil {
			return nil, 0, err
		}
		if next != nil {
			l, changed = next, true
		}
		result = worse(result, r)
	}
	if !changed {
		return nil, result, nil
	}
	return l, result, nil
}

// lastVersion is the version of the last entry of l, 0 for none.
func (l *storedLog) lastVersion() int64 {
	switch {
	case l == nil:
		return 0
	case l.raw != nil:
		return l.last
	case l.log != nil:
		return lastVersion(l.log)
	}
	return 0
}

// appended puts c after the last entry of l and returns l: the stored bytes
// up to the closing "]}", a comma, c as the encoder writes it, and "]}"
// again, which is what encoding the whole log would give, byte for byte.
// The bytes are new (the old ones may be the storage's); on an error, l is
// unchanged.
func (l *storedLog) appended(c domain.StatusChange) (*storedLog, error) {
	entry, err := streams.JSON[domain.StatusChange]{}.Encode(&c)
	if err != nil {
		return nil, err
	}
	if _, rest, ok := nextEntry(entry); !ok || len(rest) > 0 {
		return nil, fmt.Errorf("status change %d: encoded outside the table layout", c.Version)
	}
	head := len(l.raw) - len(logTail)
	raw := make([]byte, 0, len(l.raw)+1+len(entry))
	raw = append(raw, l.raw[:head]...)
	raw = append(raw, ',')
	raw = append(raw, entry...)
	raw = append(raw, logTail...)
	l.entries = raw[len(l.raw)-len(l.entries)-len(logTail) : len(raw)-len(logTail)]
	l.raw, l.last = raw, c.Version
	return l, nil
}

// decoded is the log l holds; nil when l is.
func (l *storedLog) decoded() (*domain.StatusLog, error) {
	switch {
	case l == nil:
		return nil, nil
	case l.log != nil:
		return l.log, nil
	}
	v, err := streams.JSON[domain.StatusLog]{}.Decode(l.raw)
	if err != nil {
		return nil, err
	}
	return v.(*domain.StatusLog), nil
}

// sameSpan is sameChange against an entry of the stored bytes.
func sameSpan(s span, c domain.StatusChange) bool {
	return string(s.status) == string(c.Status) && string(s.reason) == string(c.Reason)
}

// tableCodec is the codec of the group table in the processor: it decodes
// to *storedLog without decoding the entries when it can, and encodes a
// *storedLog (or a domain.StatusLog) to the JSON every reader of the table
// decodes with streams.JSON[domain.StatusLog].
type tableCodec struct{}

// Decode keeps data as it is when it is laid out as the processor writes
// it, and decodes it otherwise. A value nobody can read is absent (nil), as
// streams.TableCodec has it; checkTable says why, for the dead letter.
func (tableCodec) Decode(data []byte) (any, error) {
	if entries, last, ok := scanLog(data); ok {
		return &storedLog{raw: data, entries: entries, last: last}, nil
	}
	v, err := streams.JSON[domain.StatusLog]{}.Decode(data)
	if err != nil {
		return nil, nil
	}
	return &storedLog{log: v.(*domain.StatusLog)}, nil
}

// checkTable says why a value of the table cannot be read, nil when it can.
func checkTable(data []byte) error {
	if _, _, ok := scanLog(data); ok {
		return nil
	}
	_, err := streams.JSON[domain.StatusLog]{}.Decode(data)
	return err
}

// Encode accepts *storedLog, *domain.StatusLog and domain.StatusLog.
func (tableCodec) Encode(value any) ([]byte, error) {
	if l, ok := value.(*storedLog); ok {
		if l.raw != nil {
			return l.raw, nil
		}
		value = l.log
	}
	return streams.JSON[domain.StatusLog]{}.Encode(value)
}
