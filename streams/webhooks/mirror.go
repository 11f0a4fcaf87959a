package webhooks

import (
	"fmt"
	"sync/atomic"

	"github.com/lovoo/goka/storage"
)

// mirrored is a partition of the group table's local store that tells the
// dispatcher what it holds: the whole partition once it has recovered
// (from the changelog, or from the local files of --data-dir), then every
// write the callbacks make. goka opens a partition's store when the
// partition is assigned and closes it when the assignment ends, so the
// dispatcher holds the pending messages of exactly the partitions this
// member owns (the group runs without hot standby and recover-ahead, whose
// stores belong to partitions owned elsewhere).
type mirrored struct {
	storage.Storage
	partition int32
	d         *Dispatcher
	recovered atomic.Bool
}

// mirror wraps the stores of table in build; other topics' are left as
// they are.
func mirror(build storage.Builder, table string, d *Dispatcher) storage.Builder {
	return func(topic string, partition int32) (storage.Storage, error) {
		st, err := build(topic, partition)
		if err != nil || topic != table {
			return st, err
		}
		return &mirrored{Storage: st, partition: partition, d: d}, nil
	}
}

func (m *mirrored) Set(key string, value []byte) error {
	if err := m.Storage.Set(key, value); err != nil {
		return err
	}
	if m.recovered.Load() {
		m.d.put(m.partition, key, value)
	}
	return nil
}

func (m *mirrored) Delete(key string) error {
	if err := m.Storage.Delete(key); err != nil {
		return err
	}
	if m.recovered.Load() {
		m.d.put(m.partition, key, nil)
	}
	return nil
}

// MarkRecovered hands the dispatcher the whole partition.
func (m *mirrored) MarkRecovered() error {
	if err := m.Storage.MarkRecovered(); err != nil {
		return err
	}
	it, err := m.Storage.Iterator()
	if err != nil {
		return fmt.Errorf("iterate webhooks partition %d: %w", m.partition, err)
	}
	defer it.Release()
	for it.Next() {
		value, err := it.Value()
		if err != nil {
			return fmt.Errorf("iterate webhooks partition %d: %w", m.partition, err)
		}
		m.d.put(m.partition, string(it.Key()), value)
	}
	m.recovered.Store(true)
	return nil
}

// Close forgets the partition: its messages are the next owner's.
func (m *mirrored) Close() error {
	m.d.forget(m.partition)
	return m.Storage.Close()
}
