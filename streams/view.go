package streams

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"
)

// TableView is a goka view over one group table, decoding values to *T. It
// doubles as the table's change feed: once the view has recovered, onChange
// hears of every update, which is how the edge wakes long polls and
// refreshes its cache without polling. onChange gets the decoded value and
// the bytes the table holds, so that a listener that needs the JSON does
// not encode it again; raw is goka's, so a listener that keeps it copies it.
type TableView[T any] struct {
	view      *goka.View
	codec     TableCodec[T] // a value nobody can read is absent
	onChange  func(key string, value *T, raw []byte)
	recovered atomic.Bool
}

// NewTableView builds a view of group's table. onChange may be nil.
func NewTableView[T any](cfg Config, group string, onChange func(key string, value *T, raw []byte), extra ...goka.ViewOption) (*TableView[T], error) {
	tv := &TableView[T]{onChange: onChange}
	opts := append(cfg.ViewOptions(), goka.WithViewCallback(tv.update))
	view, err := goka.NewView(cfg.Brokers, Table(group), &tv.codec, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("view of %s: %w", Table(group), err)
	}
	tv.view = view
	return tv, nil
}

// update stores the value as goka would, then tells onChange. Updates read
// while recovering are history, not changes, so they are not announced.
func (tv *TableView[T]) update(ctx goka.UpdateContext, s storage.Storage, key string, value []byte) error {
	if err := goka.DefaultUpdate(ctx, s, key, value); err != nil {
		return err
	}
	if tv.onChange == nil || value == nil || !tv.Recovered() {
		return nil
	}
	decoded, _ := tv.codec.Decode(value)
	if decoded == nil {
		return nil // a value nobody can read is absent; its owner dead-letters it
	}
	tv.onChange(key, decoded.(*T), value)
	return nil
}

// Run runs the view until ctx is done.
func (tv *TableView[T]) Run(ctx context.Context) error {
	if err := tv.view.Run(ctx); err != nil {
		return fmt.Errorf("view %s: %w", tv.view.Topic(), err)
	}
	return nil
}

// Recovered reports whether every partition has caught up once.
func (tv *TableView[T]) Recovered() bool {
	if tv.recovered.Load() {
		return true
	}
	if tv.view != nil && tv.view.Recovered() {
		tv.recovered.Store(true)
		return true
	}
	return false
}

// Get returns the value of key, or nil when the table has none.
func (tv *TableView[T]) Get(key string) (*T, error) {
	v, err := tv.view.Get(key)
	if err != nil {
		return nil, fmt.Errorf("get %q from %s: %w", key, tv.view.Topic(), err)
	}
	if v == nil {
		return nil, nil
	}
	return v.(*T), nil
}

// Each calls fn for every value of the table, stopping at fn's first error.
// It is meant for small tables such as the rates.
func (tv *TableView[T]) Each(fn func(key string, value *T) error) error {
	it, err := tv.view.Iterator()
	if err != nil {
		return fmt.Errorf("iterate %s: %w", tv.view.Topic(), err)
	}
	defer it.Release()
	for it.Next() {
		v, err := it.Value()
		if err != nil {
			return fmt.Errorf("iterate %s: %w", tv.view.Topic(), err)
		}
		if v == nil {
			continue
		}
		if err := fn(it.Key(), v.(*T)); err != nil {
			return err
		}
	}
	return nil
}

// Goka returns the underlying goka view, for monitoring; callers must not
// run it.
func (tv *TableView[T]) Goka() *goka.View { return tv.view }
