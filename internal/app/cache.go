package app

import (
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/txstream/txstream/edge/cache"
)

// txCache is the transaction role's Redis read-through cache, the
// refresher that writes the transactions view's changes to it, and their
// client.
type txCache struct {
	*cache.Cache
	refresher *cache.Refresher
	rdb       *redis.Client
}

// newCache builds the cache over a Redis client of its own.
func newCache(d deps) (*txCache, error) {
	cc := cache.DefaultConfig()
	cc.Security = d.redis
	cc.Writes = d.cfg.CacheWrites
	rdb := redis.NewClient(cache.RedisOptions(d.cfg.Redis, cc))
	c, err := cache.New(rdb, cc, d.obs.edge)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("cache: %w", err), rdb.Close())
	}
	r, err := cache.NewRefresher(c, cache.DefaultRefresherConfig())
	if err != nil {
		return nil, errors.Join(fmt.Errorf("cache refresher: %w", err), rdb.Close())
	}
	return &txCache{Cache: c, refresher: r, rdb: rdb}, nil
}
