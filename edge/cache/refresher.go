package cache

import (
	"context"
	"fmt"
	"sync"
)

// Refresher writes the state changes of the transactions table to the
// cache, off the change feed's goroutine: Refresh queues, Run writes. Per
// transaction only the newest version waits (an older one would be refused
// anyway), and each round trip writes up to Batch entries in one MULTI/EXEC.
// Refreshes are written on Run's goroutine only; the queue is shared with
// Refresh and Cache.Get under mu. Run is called once.
type Refresher struct {
	cache *Cache
	cfg   RefresherConfig
	wake  chan struct{} // one pending signal: the queue is not empty

	// Run's own buffers.
	batch   []cacheEntry
	results []setResult

	mu      sync.Mutex
	queued  map[string]queuedRefresh // newest version per id, waiting
	writing map[string]struct{}      // ids of the batch being written
	stopped bool                     // Run has returned: refreshes are dropped
}

// queuedRefresh is the newest state of one transaction waiting to be
// written; raw is the Refresher's own copy.
type queuedRefresh struct {
	version int64
	raw     []byte
}

// NewRefresher builds the refresher of cache. A cache has at most one.
func NewRefresher(cache *Cache, cfg RefresherConfig) (*Refresher, error) {
	if cache == nil {
		return nil, fmt.Errorf("%w: the refresher needs a cache", ErrInvalidConfig)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	r := &Refresher{
		cache: cache, cfg: cfg, wake: make(chan struct{}, 1), results: make([]setResult, cfg.Batch),
		queued: map[string]queuedRefresh{}, writing: map[string]struct{}{},
	}
	if !cache.refresher.CompareAndSwap(nil, r) {
		return nil, fmt.Errorf("%w: the cache already has a refresher", ErrInvalidConfig)
	}
	return r, nil
}

// Refresh queues the state of transaction id at version, raw being its
// JSON as the table holds it (copied: the caller keeps raw). It never
// waits for Redis. A version older than the one queued is refused as stale; a
// refresh the queue cannot take makes the cache distrust its entries.
//
// The first version is not written: a refresh exists so that no older
// version stays in Redis, or reaches it later through a fill from a view
// that lags, and there is none older than the first. The 201 of the POST
// wrote that version already (as received), or the next read fills it;
// writing it again cost a third of the refreshes (BENCHMARKS.md, "Session
// 6: the cache write"). Under WritesRead only the transactions read in
// the last TTL are written: the others have no entry to keep fresh.
func (r *Refresher) Refresh(id string, version int64, raw []byte) {
	if version <= firstVersion || !r.cache.writes(id) {
		return
	}
	switch r.enqueue(id, version, raw) {
	case refreshQueued:
		select {
		case r.wake <- struct{}{}:
		default: // Run is signalled already
		}
	case refreshStale:
		r.cache.obs.Cache(EventStaleRefused)
	case refreshDropped:
		r.cache.distrust()
	}
}

// firstVersion is a transaction's first version, the one the 201 shows.
const firstVersion = 1

type enqueued int

const (
	refreshQueued enqueued = iota
	refreshStale
	refreshDropped
)

func (r *Refresher) enqueue(id string, version int64, raw []byte) enqueued {
	r.mu.Lock()
	defer r.mu.Unlock()
	q, ok := r.queued[id]
	switch {
	case r.stopped:
		return refreshDropped
	case ok && q.version > version:
		return refreshStale
	case ok: // coalesce: the newer state replaces the queued one
		q.version, q.raw = version, append(q.raw[:0], raw...)
	case len(r.queued) >= r.cfg.Queue:
		return refreshDropped
	default:
		q = queuedRefresh{version: version, raw: append([]byte(nil), raw...)}
	}
	r.queued[id] = q
	return refreshQueued
}

// pending reports whether a refresh of id is queued or being written.
func (r *Refresher) pending(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, queued := r.queued[id]
	_, writing := r.writing[id]
	return queued || writing
}

// Run writes queued refreshes until ctx is done, then for at most Drain
// what is still queued; refreshes left, or arriving later, are dropped
// (the cache distrusts its entries). A write started before the end runs
// to its own Timeout.
func (r *Refresher) Run(ctx context.Context) error {
	for {
		select {
		case <-r.wake:
			r.flush(ctx)
		case <-ctx.Done():
			drain, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cfg.Drain)
			r.flush(drain)
			cancel()
			r.stop()
			return nil
		}
	}
}

// flush writes batches until the queue is empty or ctx is done.
func (r *Refresher) flush(ctx context.Context) {
	for ctx.Err() == nil {
		r.batch = r.take(r.batch[:0])
		if len(r.batch) == 0 {
			return
		}
		r.write(context.WithoutCancel(ctx), r.batch, r.results[:len(r.batch)])
	}
}

// take moves up to Batch queued refreshes into batch and marks them being
// written.
func (r *Refresher) take(batch []cacheEntry) []cacheEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, q := range r.queued {
		if len(batch) == r.cfg.Batch {
			break
		}
		batch = append(batch, cacheEntry{id: id, version: q.version, raw: q.raw})
		r.writing[id] = struct{}{}
		delete(r.queued, id)
	}
	return batch
}

// write writes one batch; while Redis is backing off the batch is dropped.
// Either way a refresh that did not reach Redis makes the cache distrust.
func (r *Refresher) write(ctx context.Context, batch []cacheEntry, res []setResult) {
	defer r.written()
	if r.cache.backingOff() {
		r.cache.distrust()
		return
	}
	if err := r.cache.writeBatch(ctx, batch, res); err != nil {
		r.cache.distrust()
	}
}

// written ends the batch being written.
func (r *Refresher) written() {
	r.mu.Lock()
	defer r.mu.Unlock()
	clear(r.writing)
}

// stop drops what is still queued and refuses later refreshes.
func (r *Refresher) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopped = true
	if len(r.queued) > 0 {
		clear(r.queued)
		r.cache.distrust()
	}
}
