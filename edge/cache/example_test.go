package cache_test

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"
	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/internal/embedded"
)

// The read path of GET /transactions/{id}: Get, and on a miss the table's
// record is read and filled; a fill never replaces a newer version.
func Example() {
	srv, err := embedded.StartRedis("") // txstream dev's Redis
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	cfg := cache.DefaultConfig()
	rdb := redis.NewClient(cache.RedisOptions(srv.Addr(), cfg))
	defer rdb.Close()
	c, err := cache.New(rdb, cfg, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	_, ok := c.Get(ctx, "tx-1")
	fmt.Println("cached:", ok)
	c.Fill(ctx, "tx-1", 2, []byte(`{"id":"tx-1","version":2}`))
	c.Fill(ctx, "tx-1", 1, []byte(`{"id":"tx-1","version":1}`)) // older: refused
	raw, ok := c.Get(ctx, "tx-1")
	fmt.Println("cached:", ok, string(raw))
	// Output:
	// cached: false
	// cached: true {"id":"tx-1","version":2}
}
