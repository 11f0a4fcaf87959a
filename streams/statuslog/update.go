package statuslog

import (
	"fmt"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"
	"github.com/txstream/txstream/domain"
)

// update is the view's callback: it brings the index in step with the new
// value of a transaction's log, then stores the value as goka would. The
// index is written first, so whatever the view holds is indexed; keys are
// idempotent, so a record read twice (a reconnect) changes nothing.
func (x *Index) update(ctx goka.UpdateContext, s storage.Storage, key string, value []byte) error {
	old, err := s.Get(key)
	if err != nil {
		return fmt.Errorf("index %q: %w", key, err)
	}
	del, put := diffEntries(entriesOf(key, x.decode(old)), entriesOf(key, x.decode(value)))
	if err := x.store.write(del, put); err != nil {
		return fmt.Errorf("index %q: %w", key, err)
	}
	return goka.DefaultUpdate(ctx, s, key, value)
}

// decode reads a stored log. A value this binary cannot read (written by a
// newer schema) is not indexed; History reports it when asked.
func (x *Index) decode(data []byte) *domain.StatusLog {
	if data == nil {
		return nil
	}
	v, err := x.codec.Decode(data)
	if err != nil {
		return nil
	}
	return v.(*domain.StatusLog)
}
