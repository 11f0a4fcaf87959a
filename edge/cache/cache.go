package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cache is the Redis read-through cache of GET /transactions/{id}. Each
// entry is a sorted set holding the transaction's JSON as its one member,
// scored by the version; a write refuses to replace a newer version, so a
// slow fill of an old read can never overwrite a fresh refresh. Entries
// expire one Config.TTL after the write that created them. The write is one MULTI/EXEC of native
// commands, not a script (see write.go for why, and for what it keeps
// when two encodings of one version meet).
//
// Redis trouble never fails a read: the caller falls back to the table,
// and after an error the cache is skipped for Config.Backoff so that a
// hung Redis costs one Timeout per Backoff, not one per request.
//
// State changes reach Redis through a Refresher, off the change feed's
// goroutine. While a transaction's refresh is queued or being written, its
// entry may be older than the table, so Get reads the table instead (a
// miss): a client told of a change, by a long poll for instance, never
// reads an older state here.
//
// A refresh that does not reach Redis (dropped because the queue is full,
// Redis backing off, a failed write, shutdown) leaves an entry that may be
// stale. The cache then distrusts every entry for one TTL: reads go to the
// table and fill (a versioned fill replaces the stale older entry), and
// after one TTL every entry written before the loss has expired (no write
// renews an entry's TTL).
//
// A process that starts cannot know what its predecessor lost: a kill -9
// drops the refreshes it had queued, and the view reads the newer versions
// while it recovers, which the change feed does not announce. So until one
// TTL after the feed is live (startup.go), an entry created before that is
// not served either; entries created since are.
type Cache struct {
	rdb       redis.UniversalClient
	cfg       Config
	obs       Observer
	refresher atomic.Pointer[Refresher] // nil until NewRefresher
	offline   atomic.Int64              // unix nanoseconds until which Redis is skipped
	distrusts atomic.Int64              // unix nanoseconds until which cached entries are not served
	startup   startup                   // entries from before the change feed was live
	tracked   *tracker                  // under WritesRead, the transactions kept fresh; nil under WritesEvery
}

// New builds the cache over rdb (see RedisOptions for a client with
// short timeouts); obs nil is NopObserver.
func New(rdb redis.UniversalClient, cfg Config, obs Observer) (*Cache, error) {
	if rdb == nil {
		return nil, fmt.Errorf("%w: the cache needs a Redis client", ErrInvalidConfig)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if obs == nil {
		obs = NopObserver{}
	}
	c := &Cache{rdb: rdb, cfg: cfg.withDefaults(), obs: obs}
	if c.cfg.Writes == WritesRead {
		c.tracked = newTracker(c.cfg.TTL)
	}
	return c, nil
}

func (c *Cache) key(id string) string { return c.cfg.KeyPrefix + id }

// Get returns the cached JSON of transaction id. false means "read the
// table": a miss, a refresh of id still on its way, a Redis error, or the
// backoff after one. Under WritesRead it starts keeping id fresh before
// the caller reads the table, so that a change the read does not see yet
// is refreshed after the fill.
func (c *Cache) Get(ctx context.Context, id string) (json.RawMessage, bool) {
	if c.tracked != nil {
		c.tracked.track(id, time.Now())
	}
	if c.backingOff() || c.distrusting() || c.feedPending(time.Now()) {
		c.obs.Cache(EventFallback)
		return nil, false
	}
	if c.refreshing(id) {
		c.obs.Cache(EventMiss)
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	start := time.Now()
	top, fromBefore, err := c.read(ctx, id)
	c.obs.CacheCommand("get", time.Since(start))
	switch {
	case err == nil && len(top) == 0, wrongType(err):
		c.obs.Cache(EventMiss)
		return nil, false
	case err == nil && !json.Valid([]byte(top[0])):
		err = fmt.Errorf("entry %s is not JSON", c.key(id))
	}
	if err != nil {
		c.failed()
		c.obs.Cache(EventFallback)
		return nil, false
	}
	if fromBefore {
		c.obs.Cache(EventMiss) // the fill after it replaces it if stale
		return nil, false
	}
	c.obs.Cache(EventHit)
	return json.RawMessage(top[0]), true
}

// Fill writes what a read found in the table, unless Redis is backing off,
// a refresh of id, as new or newer, is on its way, or (under WritesRead) id
// is not kept fresh: a 201's record, which nobody read yet.
func (c *Cache) Fill(ctx context.Context, id string, version int64, raw []byte) {
	if c.backingOff() || c.refreshing(id) || !c.writes(id) {
		return
	}
	_, _ = c.write(ctx, id, version, raw)
}

// FillAll is Fill for n transactions in one round trip (one MULTI/EXEC
// pipeline), entry(i) giving the i-th: the records of a batch, which one
// at a time would cost a round trip each.
func (c *Cache) FillAll(ctx context.Context, n int, entry func(i int) (id string, version int64, raw []byte)) {
	if c.backingOff() {
		return
	}
	batch := make([]cacheEntry, 0, n)
	for i := range n {
		id, version, raw := entry(i)
		if !c.refreshing(id) && c.writes(id) {
			batch = append(batch, cacheEntry{id: id, version: version, raw: raw})
		}
	}
	if len(batch) > 0 {
		_ = c.writeBatch(ctx, batch, make([]setResult, len(batch)))
	}
}

// writes reports whether the policy writes id's entry: always under
// WritesEvery, while id is kept fresh under WritesRead.
func (c *Cache) writes(id string) bool {
	return c.tracked == nil || c.tracked.tracks(id, time.Now())
}

// refreshing reports whether a refresh of id is queued or being written.
func (c *Cache) refreshing(id string) bool {
	r := c.refresher.Load()
	return r != nil && r.pending(id)
}

// distrust stops serving cached entries for one TTL.
func (c *Cache) distrust() {
	c.distrusts.Store(time.Now().Add(c.cfg.TTL).UnixNano())
	c.obs.Cache(EventDistrust)
}

func (c *Cache) distrusting() bool { return time.Now().UnixNano() < c.distrusts.Load() }

// failed counts an error and starts the backoff.
func (c *Cache) failed() {
	c.obs.Cache(EventError)
	c.offline.Store(time.Now().Add(c.cfg.Backoff).UnixNano())
}

func (c *Cache) backingOff() bool { return time.Now().UnixNano() < c.offline.Load() }

// wrongType reports Redis's WRONGTYPE: the key holds another type, such as
// an entry of the previous format (a hash) under a custom KeyPrefix shared
// with older binaries. Such a key is never served (a miss) and not
// overwritten; it is no Redis failure, so it starts no backoff.
func wrongType(err error) bool {
	return err != nil && !errors.Is(err, redis.Nil) && redis.HasErrorPrefix(err, "WRONGTYPE")
}
