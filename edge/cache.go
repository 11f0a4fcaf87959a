package edge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/txstream/txstream/domain"
)

// Cache is the Redis read-through cache of GET /transactions/{id}. Each
// entry is a hash holding the transaction's JSON ("d") and its version
// ("v") together, written only by a Lua script that refuses to replace a
// newer version, so a slow fill of an old read can never overwrite a fresh
// Refresh. Entries expire after CacheConfig.TTL.
//
// Redis trouble never fails a read: the caller falls back to the table,
// and after an error the cache is skipped for CacheConfig.Backoff so that a
// hung Redis costs one Timeout per Backoff, not one per request.
//
// A Refresh that cannot reach Redis leaves an entry that may be stale. The
// cache then distrusts every entry for one TTL: reads go to the table and
// fill (a versioned fill replaces the stale older entry), and after one TTL
// every entry written before the outage has expired.
type Cache struct {
	rdb       redis.UniversalClient
	cfg       CacheConfig
	obs       Observer
	set       *redis.Script
	offline   atomic.Int64 // unix nanoseconds until which Redis is skipped
	distrusts atomic.Int64 // unix nanoseconds until which cached entries are not served
}

// NewCache builds the cache over rdb (see RedisOptions for a client with
// short timeouts); obs nil is NopObserver.
func NewCache(rdb redis.UniversalClient, cfg CacheConfig, obs Observer) (*Cache, error) {
	if rdb == nil {
		return nil, fmt.Errorf("%w: the cache needs a Redis client", ErrInvalidConfig)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if obs == nil {
		obs = NopObserver{}
	}
	return &Cache{rdb: rdb, cfg: cfg.withDefaults(), obs: obs, set: redis.NewScript(versionedSet)}, nil
}

// versionedSet writes (version ARGV[1], data ARGV[2]) with TTL ARGV[3] ms
// unless the entry holds a newer version. It returns 1 when written, 0 when
// the same version was there (its TTL renewed), -1 when a newer one was.
const versionedSet = `
local cur = redis.call('HGET', KEYS[1], 'v')
if cur then
  local have, want = tonumber(cur), tonumber(ARGV[1])
  if have > want then return -1 end
  if have == want then
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
    return 0
  end
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`

// setResult is the outcome of the versioned write.
type setResult int

const (
	setStale   setResult = -1
	setSame    setResult = 0
	setWritten setResult = 1
)

func (c *Cache) key(id string) string { return c.cfg.KeyPrefix + id }

// Get returns the cached JSON of transaction id. false means "read the
// table": a miss, a Redis error, or the backoff after one.
func (c *Cache) Get(ctx context.Context, id string) (json.RawMessage, bool) {
	if c.backingOff() || c.distrusting() {
		c.obs.Cache(CacheFallback)
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	start := time.Now()
	raw, err := c.rdb.HGet(ctx, c.key(id), "d").Bytes()
	c.obs.CacheCommand("get", time.Since(start))
	switch {
	case errors.Is(err, redis.Nil):
		c.obs.Cache(CacheMiss)
		return nil, false
	case err == nil && !json.Valid(raw):
		err = fmt.Errorf("entry %s is not JSON", c.key(id))
	}
	if err != nil {
		c.failed()
		c.obs.Cache(CacheFallback)
		return nil, false
	}
	c.obs.Cache(CacheHit)
	return raw, true
}

// fill writes what a read found in the table, unless Redis is backing off.
func (c *Cache) fill(ctx context.Context, id string, version int64, raw []byte) {
	if c.backingOff() {
		return
	}
	_, _ = c.write(ctx, id, version, raw)
}

// Refresh writes tx after a state change (the composition root calls it
// from the table's change feed). It is a versioned write: an older tx never
// replaces a newer entry. It runs on the change feed's goroutine, so it
// blocks at most CacheConfig.Timeout once per Backoff and skips Redis while
// backing off; a refresh lost either way makes the cache distrust its
// entries for one TTL (see Cache).
func (c *Cache) Refresh(tx domain.Transaction) {
	if c.backingOff() {
		c.distrust()
		return
	}
	raw, err := json.Marshal(&tx)
	if err != nil {
		c.obs.Cache(CacheError)
		c.distrust()
		return
	}
	if _, err := c.write(context.Background(), tx.ID, tx.Version, raw); err != nil {
		c.distrust()
	}
}

// distrust stops serving cached entries for one TTL.
func (c *Cache) distrust() {
	c.distrusts.Store(time.Now().Add(c.cfg.TTL).UnixNano())
}

func (c *Cache) distrusting() bool { return time.Now().UnixNano() < c.distrusts.Load() }

// write runs the versioned set and reports its outcome.
func (c *Cache) write(ctx context.Context, id string, version int64, raw []byte) (setResult, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	start := time.Now()
	n, err := c.set.Run(ctx, c.rdb, []string{c.key(id)}, strconv.FormatInt(version, 10), raw, c.cfg.TTL.Milliseconds()).Int()
	c.obs.CacheCommand("set", time.Since(start))
	if err != nil {
		c.failed()
		return 0, fmt.Errorf("cache write %s: %w", id, err)
	}
	res := setResult(n)
	switch res {
	case setWritten:
		c.obs.Cache(CacheFill)
	case setStale:
		c.obs.Cache(CacheStaleRefused)
	}
	return res, nil
}

// failed counts an error and starts the backoff.
func (c *Cache) failed() {
	c.obs.Cache(CacheError)
	c.offline.Store(time.Now().Add(c.cfg.Backoff).UnixNano())
}

func (c *Cache) backingOff() bool { return time.Now().UnixNano() < c.offline.Load() }
