package statuslog

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
	"github.com/syndtr/goleveldb/leveldb/util"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// store is the ordered key-value store behind the index: LevelDB, on disk
// when given a directory, else in memory. Both keep keys sorted and
// compressed in immutable tables, so a listing is a seek and a short scan
// however many entries there are, and on disk only the caches stay in
// memory.
type store struct {
	// mu keeps close from racing with open iterators, which LevelDB does
	// not allow.
	mu     sync.RWMutex
	db     *leveldb.DB
	closed bool
	// batches are reused by write, which the view's partitions call
	// concurrently.
	batches sync.Pool
}

// storeOptions: LevelDB's defaults (4 MiB write buffer, 8 MiB block cache,
// snappy) suit one index per process.
var storeOptions = &opt.Options{}

func openStore(dir string) (*store, error) {
	db, err := streams.OpenLevelDB(dir, storeOptions)
	if err != nil {
		return nil, fmt.Errorf("open status-log index %q: %w", dir, err)
	}
	s := &store{db: db}
	s.batches.New = func() any { return new(leveldb.Batch) }
	return s, nil
}

// write removes del and adds put in one atomic batch.
func (s *store) write(del, put []Entry) error { return s.writeFrom(nil, del, put) }

// tableRecord names the table record that a write comes from.
type tableRecord struct {
	partition int32
	offset    int64
}

// writeFrom is write for the entries of record r, which it also files in
// the arrival space (arrival.go) when it adds any; r nil files nothing.
func (s *store) writeFrom(r *tableRecord, del, put []Entry) error {
	if len(del) == 0 && len(put) == 0 {
		return nil
	}
	b := s.batches.Get().(*leveldb.Batch)
	defer s.batches.Put(b)
	b.Reset()
	var buf [keyBuffer]byte
	for _, e := range del {
		b.Delete(appendEntryKey(appendSpacePrefix(buf[:0], ""), e))
		b.Delete(appendEntryKey(appendSpacePrefix(buf[:0], e.Status), e))
	}
	for _, e := range put {
		addToBatch(b, e)
	}
	if r != nil && len(put) > 0 {
		b.Put(arrivalKey(r.partition, r.offset), appendArrival(buf[:0], put))
	}
	return s.apply(b)
}

// keyBuffer is room on the stack for the key and value of a usual entry;
// a Batch copies what it is given, so one buffer serves every key.
const keyBuffer = 128

func addToBatch(b *leveldb.Batch, e Entry) {
	var buf [keyBuffer]byte
	value := appendEntryValue(buf[:0], e)
	key := buf[len(value):len(value)]
	b.Put(appendEntryKey(appendSpacePrefix(key, ""), e), value)
	b.Put(appendEntryKey(appendSpacePrefix(key, e.Status), e), value)
}

func (s *store) apply(b *leveldb.Batch) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrIndexClosed
	}
	if err := s.db.Write(b, nil); err != nil {
		return fmt.Errorf("write status-log index: %w", err)
	}
	return nil
}

// list returns one page of q: a seek, then at most limit+1 keys read, the
// extra one only telling whether there is a next page.
func (s *store) list(q Query) (Page, error) {
	sc, err := plan(q)
	if err != nil {
		return Page{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return Page{}, ErrIndexClosed
	}
	it := s.db.NewIterator(&util.Range{Start: sc.start, Limit: sc.limit}, nil)
	defer it.Release()
	page := Page{Entries: make([]Entry, 0, min(sc.n, 64))}
	var last []byte
	first, next := it.First, it.Next
	if sc.newest {
		first, next = it.Last, it.Prev
	}
	for ok := first(); ok; ok = next() {
		if len(page.Entries) == sc.n {
			page.Next = encodeCursor(last, sc.newest)
			break
		}
		e, err := decodeEntry(sc.prefix, it.Key(), it.Value())
		if err != nil {
			return Page{}, err
		}
		page.Entries = append(page.Entries, e)
		last = append(last[:0], it.Key()...)
	}
	if err := it.Error(); err != nil {
		return Page{}, fmt.Errorf("list status-log index: %w", err)
	}
	return page, nil
}

// appendEntryValue appends what a key does not say: "<status> 0x00 <reason>". The
// status is in the keys of one status only, so every value carries it.
func appendEntryValue(dst []byte, e Entry) []byte {
	dst = append(dst, e.Status...)
	dst = append(dst, 0)
	return append(dst, e.Reason...)
}

func decodeEntry(prefix, key, value []byte) (Entry, error) {
	e, err := parseKey(prefix, key)
	if err != nil {
		return Entry{}, fmt.Errorf("status-log index key %q: %w", key, err)
	}
	status, reason, ok := bytes.Cut(value, []byte{0})
	if !ok {
		return Entry{}, fmt.Errorf("status-log index value %q: no status", value)
	}
	e.Status, e.Reason = internStatus(status), domain.Reason(reason)
	return e, nil
}

// internStatus returns the shared string of a known status, sparing a
// listing one allocation per entry.
func internStatus(b []byte) domain.Status {
	for _, s := range domain.Statuses {
		if string(b) == string(s) {
			return s
		}
	}
	return domain.Status(b)
}

func (s *store) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if err := s.db.Close(); err != nil && !errors.Is(err, leveldb.ErrClosed) {
		return fmt.Errorf("close status-log index: %w", err)
	}
	return nil
}
