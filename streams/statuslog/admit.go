package statuslog

import (
	"fmt"

	"github.com/lovoo/goka"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// record returns the transactions-table record of msg, or reports why there
// is none. The table is the transactions group's, and its owner refuses
// what no reader can use when it recovers the table (streams.TableGuard):
// a record on another partition than its key's, a value that does not
// decode. Those are only counted here, so that the dead-letter topic does
// not get them twice. What the guard keeps but the log cannot apply (a key
// that is no id, a value that contradicts its key) is dead-lettered here.
// A tombstone deletes the transaction from its table; the log keeps the
// history it had, and the tombstone is counted.
func (h handler) record(ctx goka.Context, msg any) (*record, bool) {
	raw, _ := msg.([]byte)
	key := ctx.Key()
	if err := h.dead.Misplaced(ctx); err != nil {
		h.skipped(key, "table record on another partition; dead-lettered by the table's owner", err)
		return nil, false
	}
	if msg == nil {
		h.skipped(key, "table tombstone; the log keeps the history", streams.ErrTombstone)
		return nil, false
	}
	m, _ := (streams.Lenient[record]{}).Decode(raw)
	rec, ok := m.(*record)
	if !ok {
		h.skipped(key, "table record unreadable; dead-lettered by the table's owner", m.(*streams.Malformed).Err)
		return nil, false
	}
	if err := domain.ValidateID(key); err != nil {
		h.refuse(ctx, raw, streams.ReasonInvalidKey, err)
		return nil, false
	}
	if rec.ID != key {
		h.refuse(ctx, raw, streams.ReasonMalformed, fmt.Errorf("transaction id %q under key %q", rec.ID, key))
		return nil, false
	}
	return rec, true
}

// history is the decoded history of rec, for the decoding path, or
// dead-letters the record (its raw value) and reports why there is none.
func (h handler) history(ctx goka.Context, rec *record, raw []byte) ([]domain.StatusChange, bool) {
	changes, err := rec.changes()
	if err == nil {
		err = validate(changes)
	}
	if err != nil {
		h.refuse(ctx, raw, streams.ReasonMalformed, err)
		return nil, false
	}
	h.stamp(changes)
	return changes, true
}

// refuse dead-letters a record that decodes but that the log cannot apply.
func (h handler) refuse(ctx goka.Context, raw []byte, reason string, err error) {
	h.dead.Send(ctx, raw, reason, err)
	h.o.Observer.Malformed(h.group, h.topic)
}

func (h handler) skipped(key, why string, err error) {
	h.o.Observer.Malformed(h.group, h.topic)
	h.o.Logger.Warn("status log skips "+why, "group", h.group, "key", key, "err", err)
}

// stamp gives a change without a time the time of its arrival, so that the
// index can place it.
func (h handler) stamp(changes []domain.StatusChange) {
	for i := range changes {
		if changes[i].At.IsZero() {
			changes[i].At = h.o.Clock().UTC()
		}
	}
}
