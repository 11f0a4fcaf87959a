package statuslog

import (
	"fmt"
	"slices"
	"sync"

	"github.com/txstream/txstream/domain"
)

// Changes and Change are the event stream's vocabulary, shared through
// domain so that the edge need not import this package.
type (
	// Changes is what Since returns; see domain.LogChanges.
	Changes = domain.LogChanges
	// Change is one entry with the cursor after it; see domain.LogChange.
	Change = domain.LogChange
)

// followers is what the readers of the arrival space wait on: a channel
// closed at each write that files entries (and replaced), and the
// partitions filed so far. The zero value is ready to use.
type followers struct {
	mu    sync.Mutex
	ch    chan struct{}
	parts []int32 // sorted
}

// arrived notes that partition p filed entries, and wakes the followers.
func (x *Index) arrived(p int32) {
	f := &x.follow
	f.mu.Lock()
	defer f.mu.Unlock()
	if i, found := slices.BinarySearch(f.parts, p); !found {
		f.parts = slices.Insert(f.parts, i, p)
	}
	if f.ch != nil {
		close(f.ch)
		f.ch = nil
	}
}

// Changed returns a channel that is closed at the next write that files
// entries. Take it before calling Since, so that nothing filed between the
// two goes unnoticed.
func (x *Index) Changed() <-chan struct{} {
	f := &x.follow
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ch == nil {
		f.ch = make(chan struct{})
	}
	return f.ch
}

func (x *Index) partitions() []int32 {
	x.follow.mu.Lock()
	defer x.follow.mu.Unlock()
	return slices.Clone(x.follow.parts)
}

// Tail returns the cursor of the present end of the arrival space: a
// stream that starts there gets the changes filed from now on.
func (x *Index) Tail() (string, error) {
	pos := position{}
	for _, p := range x.partitions() {
		last, ok, err := x.store.lastArrival(p)
		if err != nil {
			return "", err
		}
		if ok {
			pos[p] = mark{offset: last + 1}
		}
	}
	return pos.encode(-1, mark{}), nil
}

// Since returns the entries filed after cursor ("" for the first one the
// index holds), of one status or all (""), at most max of each partition,
// in the order their records arrived within a partition, each with the
// cursor that resumes after it; Next resumes after all of them (and after
// the entries of other statuses passed over). The cursor is exact: a
// resume repeats nothing it covers and misses nothing filed after it,
// whatever the times of the entries of other partitions. After a restart
// of the index, a cursor from before the restart resumes as exactly,
// unless Kafka compacted records of the table after it: the record that
// replaced them holds the whole log of its transaction, whose earlier
// entries are then sent again (never lost).
func (x *Index) Since(cursor string, status domain.Status, max int) (Changes, error) {
	if status != "" && !status.Valid() {
		return Changes{}, fmt.Errorf("%w: unknown status %q", ErrBadQuery, status)
	}
	if max <= 0 {
		max = DefaultLimit
	}
	pos, err := decodePosition(cursor)
	if err != nil {
		return Changes{}, err
	}
	var out Changes
	for _, p := range x.partitions() {
		if err := x.sincePartition(pos, p, status, max, &out); err != nil {
			return Changes{}, err
		}
	}
	out.Next = pos.encode(-1, mark{})
	return out, nil
}

// sincePartition adds to out the entries of partition p after pos[p], at
// most max, and moves pos[p] past what it read.
func (x *Index) sincePartition(pos position, p int32, status domain.Status, max int, out *Changes) error {
	from, n := pos[p], 0
	return x.store.arrivals(p, from.offset, func(offset int64, entries []Entry) bool {
		first := 0
		if offset == from.offset {
			first = from.skip
		}
		for i := first; i < len(entries); i++ {
			next := after(offset, i, len(entries))
			if status == "" || entries[i].Status == status {
				out.Changes = append(out.Changes, Change{Entry: entries[i], Cursor: pos.encode(p, next)})
				n++
			}
			pos[p] = next
			if n == max {
				return false
			}
		}
		return true
	})
}
