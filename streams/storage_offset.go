package streams

import (
	"sync"
	"time"

	"github.com/lovoo/goka/storage"
)

// offsetFlushInterval is how often a table partition's offset reaches
// LevelDB once the partition is recovered.
const offsetFlushInterval = time.Second

// lazyOffset is a goka storage whose offset, which goka writes after every
// message once a partition is recovered (a second LevelDB write, with its
// journal write, for each table change), reaches the storage at most once
// per interval and when the partition closes. Between those writes it is
// served from memory. After a crash the partition resumes from the offset
// last written, up to one interval earlier than the last message stored,
// and reads those messages again: a table message sets a key to a value, so
// applying it twice leaves the same table, and goka itself keeps the offset
// only in memory (writing it every 30 s) while a partition recovers.
type lazyOffset struct {
	storage.Storage
	interval time.Duration

	mu        sync.Mutex
	recovered bool
	pending   int64 // the newest offset, not yet written when dirty
	dirty     bool
	written   time.Time
}

func withLazyOffset(st storage.Storage, interval time.Duration) *lazyOffset {
	return &lazyOffset{Storage: st, interval: interval}
}

// SetOffset keeps offset, and writes it when the interval since the last
// write has passed.
func (s *lazyOffset) SetOffset(offset int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.recovered {
		return s.Storage.SetOffset(offset) // goka keeps it in memory until then
	}
	s.pending, s.dirty = offset, true
	if now := time.Now(); now.Sub(s.written) >= s.interval {
		return s.flushLocked(now)
	}
	return nil
}

// GetOffset returns the newest offset, written or not.
func (s *lazyOffset) GetOffset(def int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dirty {
		return s.pending, nil
	}
	return s.Storage.GetOffset(def)
}

// MarkRecovered starts the lazy writes.
func (s *lazyOffset) MarkRecovered() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.Storage.MarkRecovered(); err != nil {
		return err
	}
	s.recovered, s.written = true, time.Now()
	return nil
}

// Close writes the newest offset, then closes the storage.
func (s *lazyOffset) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dirty {
		if err := s.flushLocked(time.Now()); err != nil {
			return err
		}
	}
	return s.Storage.Close()
}

func (s *lazyOffset) flushLocked(now time.Time) error {
	if err := s.Storage.SetOffset(s.pending); err != nil {
		return err
	}
	s.dirty, s.written = false, now
	return nil
}
