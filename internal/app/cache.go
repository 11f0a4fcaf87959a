package app

import (
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/txstream/txstream/edge"
)

// cache is the transaction role's Redis read-through cache, the refresher
// that writes the transactions view's changes to it, and their client.
type cache struct {
	*edge.Cache
	refresher *edge.Refresher
	rdb       *redis.Client
}

// newCache builds the cache over a Redis client of its own.
func newCache(d deps) (*cache, error) {
	cc := edge.DefaultCacheConfig()
	rdb := redis.NewClient(edge.RedisOptions(d.cfg.Redis, cc))
	c, err := edge.NewCache(rdb, cc, d.obs.edge)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("cache: %w", err), rdb.Close())
	}
	r, err := edge.NewRefresher(c, edge.DefaultRefresherConfig())
	if err != nil {
		return nil, errors.Join(fmt.Errorf("cache refresher: %w", err), rdb.Close())
	}
	return &cache{Cache: c, refresher: r, rdb: rdb}, nil
}
