package statuslog

import (
	"fmt"

	"github.com/syndtr/goleveldb/leveldb/util"
)

// arrivals calls fn with each record of partition p filed in the arrival
// space, from offset on, in offset order, until fn returns false.
func (s *store) arrivals(p int32, offset int64, fn func(offset int64, entries []Entry) bool) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrIndexClosed
	}
	start, limit := arrivalRange(p, offset)
	it := s.db.NewIterator(&util.Range{Start: start, Limit: limit}, nil)
	defer it.Release()
	for it.Next() {
		entries, err := readArrival(it.Value())
		if err != nil {
			return fmt.Errorf("status-log index arrival %q: %w", it.Key(), err)
		}
		if !fn(arrivalOffset(it.Key()), entries) {
			break
		}
	}
	if err := it.Error(); err != nil {
		return fmt.Errorf("read status-log index arrivals: %w", err)
	}
	return nil
}

// lastArrival is the offset of the last record of partition p filed in
// the arrival space; ok is false when there is none.
func (s *store) lastArrival(p int32) (offset int64, ok bool, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return 0, false, ErrIndexClosed
	}
	start, limit := arrivalRange(p, -1<<63)
	it := s.db.NewIterator(&util.Range{Start: start, Limit: limit}, nil)
	defer it.Release()
	if it.Last() {
		return arrivalOffset(it.Key()), true, nil
	}
	if err := it.Error(); err != nil {
		return 0, false, fmt.Errorf("read status-log index arrivals: %w", err)
	}
	return 0, false, nil
}
