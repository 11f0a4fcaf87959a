package statuslog

import (
	"bytes"
	"fmt"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"
	"github.com/txstream/txstream/domain"
)

// update is the view's callback: it brings the index in step with the new
// value of a transaction's log, files the entries it adds under the
// record's partition and offset (arrival.go), wakes the followers
// (follow.go), then stores the value as goka would. The
// index is written first, so whatever the view holds is indexed; keys are
// idempotent, so a record read twice (a reconnect) changes nothing.
func (x *Index) update(ctx goka.UpdateContext, s storage.Storage, key string, value []byte) error {
	old, err := s.Get(key)
	if err != nil {
		return fmt.Errorf("index %q: %w", key, err)
	}
	del, put := x.changes(key, old, value)
	r := tableRecord{partition: ctx.Partition(), offset: ctx.Offset()}
	if err := x.store.writeFrom(&r, del, put); err != nil {
		return fmt.Errorf("index %q: %w", key, err)
	}
	if len(put) > 0 {
		x.arrived(r.partition)
	}
	return goka.DefaultUpdate(ctx, s, key, value)
}

// changes returns what to remove from and add to the index when the log of
// key goes from old to value. The processor only ever appends an entry to a
// log's JSON (see layout.go), so when value is old with entries appended
// (or the first value of key), only those entries are decoded, and nothing
// is removed; any other change (a rewrite, a deletion, another layout) is a
// diff of the decoded logs.
func (x *Index) changes(key string, old, value []byte) (del, put []Entry) {
	if bytes.Equal(old, value) {
		return nil, nil
	}
	if tail, ok := appendedTo(old, value); ok {
		if put, ok := entriesIn(key, tail); ok {
			return nil, put
		}
	}
	return diffEntries(entriesOf(key, x.decode(old)), entriesOf(key, x.decode(value)))
}

// appendedTo returns the entries that value adds after those of old, when
// both are laid out as layout.go says and value is old with a comma and
// those entries inserted before the closing "]}"; when there is no old,
// every entry of value.
func appendedTo(old, value []byte) (tail []byte, ok bool) {
	if old == nil {
		tail, _, ok = scanLog(value)
		return tail, ok
	}
	if _, _, ok := scanLog(old); !ok {
		return nil, false
	}
	head := len(old) - len(logTail)
	if len(value) <= head+1 || !bytes.Equal(value[:head], old[:head]) || value[head] != ',' {
		return nil, false
	}
	tail, ok = bytes.CutSuffix(value[head+1:], logTail)
	if !ok {
		return nil, false
	}
	if _, ok := scanEntries(tail); !ok {
		return nil, false
	}
	return tail, true
}

// entriesIn reads the entries of tail (checked by scanEntries) as index
// entries of key.
func entriesIn(key string, tail []byte) ([]Entry, bool) {
	var out []Entry
	for len(tail) > 0 {
		s, rest, _ := nextEntry(tail)
		e, ok := entryOfSpan(key, s)
		if !ok {
			return nil, false
		}
		out = append(out, e)
		tail = bytes.TrimPrefix(rest, []byte{','})
	}
	return out, true
}

// entryOfSpan is the index entry of an entry of the layout, as decoding its
// JSON gives it: the layout has already read the version, the status and
// the reason (plain strings, see plainString); the time is read by
// time.Time's UnmarshalJSON, which is what the decoder calls.
func entryOfSpan(id string, s span) (Entry, bool) {
	var at time.Time
	if err := at.UnmarshalJSON(s.at); err != nil {
		return Entry{}, false
	}
	return Entry{TransactionID: id, Status: internStatus(s.status), Reason: domain.Reason(s.reason), Version: s.version, At: at.UTC()}, true
}

// decode reads a stored log. A value this binary cannot read (garbage, a
// newer schema) is absent: not indexed, and no History.
func (x *Index) decode(data []byte) *domain.StatusLog {
	v, _ := x.codec.Decode(data)
	log, _ := v.(*domain.StatusLog)
	return log
}
