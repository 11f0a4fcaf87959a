package cache

import (
	"fmt"
	"sync"
	"time"
)

// Writes says which transactions the cache writes to Redis.
type Writes int

const (
	// WritesEvery writes the record of every new id at its 201 and every
	// later change of the table: a GET on any process finds a transaction
	// right after its 201, whatever its own view shows yet. It is what
	// several transaction-service processes sharing one Redis need.
	WritesEvery Writes = iota
	// WritesRead writes only transactions read through this cache: the
	// first GET that misses fills the entry from the table, and the
	// changes of the transactions read in the last TTL refresh theirs. No
	// 201 writes anything, and a transaction nobody reads costs Redis
	// nothing. It is right only where one transaction-service process
	// writes to the Redis (txstream dev): another process's reads of an
	// entry this one wrote would go stale once this one stops refreshing.
	WritesRead
)

var writesNames = map[Writes]string{WritesEvery: "every", WritesRead: "read"}

func (w Writes) String() string {
	if name, ok := writesNames[w]; ok {
		return name
	}
	return fmt.Sprintf("Writes(%d)", int(w))
}

// ParseWrites returns the policy named name ("every" or "read").
func ParseWrites(name string) (Writes, error) {
	for w, n := range writesNames {
		if n == name {
			return w, nil
		}
	}
	return 0, fmt.Errorf("%w: cache writes %q: want every or read", ErrInvalidConfig, name)
}

// maxTracked bounds the transactions a WritesRead cache refreshes: past
// it, a read that misses is answered from the table without filling, so
// that no entry exists that nothing would refresh.
const maxTracked = 1 << 20

// tracker is the set of transactions a WritesRead cache keeps fresh: each
// id until one TTL after its last read or write. An entry expires at
// most one TTL after the write that created it, so an id tracked until
// then has every change refreshed for as long as its entry lives.
type tracker struct {
	ttl   time.Duration
	limit int // most ids a read adds (maxTracked)

	mu    sync.Mutex
	until map[string]int64 // unix nanoseconds
	swept int64            // when expired ids were last removed
}

func newTracker(ttl time.Duration) *tracker {
	return &tracker{ttl: ttl, limit: maxTracked, until: map[string]int64{}}
}

// track keeps id until one TTL from now; false when the tracker is full
// and id is not in it.
func (t *tracker) track(id string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweep(now.UnixNano())
	if _, ok := t.until[id]; !ok && len(t.until) >= t.limit {
		return false
	}
	t.until[id] = now.Add(t.ttl).UnixNano()
	return true
}

// wrote keeps the ids just written until one TTL from now, full or not:
// each of their entries lives at most that long from this write.
func (t *tracker) wrote(batch []cacheEntry, now time.Time) {
	until := now.Add(t.ttl).UnixNano()
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range batch {
		t.until[e.id] = max(t.until[e.id], until)
	}
}

// tracks reports whether id is kept fresh at now.
func (t *tracker) tracks(id string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return now.UnixNano() < t.until[id]
}

// sweep removes the expired ids, at most once a TTL, so that the set
// holds what was read or written in about the last two TTLs.
func (t *tracker) sweep(now int64) {
	if now-t.swept < int64(t.ttl) {
		return
	}
	t.swept = now
	for id, until := range t.until {
		if until <= now {
			delete(t.until, id)
		}
	}
}
