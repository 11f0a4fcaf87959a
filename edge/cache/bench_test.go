package cache

import (
	"context"
	"encoding/json"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/embedded"
	"github.com/txstream/txstream/internal/testenv"
)

// benchRedis starts the named Redis for a benchmark: the embedded
// miniredis of txstream dev, or a redis-server from the PATH.
func benchRedis(b *testing.B, backend string) string {
	b.Helper()
	if backend == "miniredis" {
		srv, err := embedded.StartRedis("")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(srv.Close)
		return srv.Addr()
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		b.Skip("redis-server is not on the PATH")
	}
	return testenv.StartRedisServer(b).Addr
}

var benchBackends = []string{"miniredis", "redis-server"}

func benchCache(b *testing.B, addr string) *Cache {
	b.Helper()
	cfg := DefaultConfig()
	cfg.Timeout = 5e9
	rdb := redis.NewClient(RedisOptions(addr, cfg))
	b.Cleanup(func() { _ = rdb.Close() })
	c, err := New(rdb, cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func benchRecord(b *testing.B) (domain.Transaction, []byte) {
	b.Helper()
	tx := record("tx-bench", 2, domain.StatusCompleted)
	raw, err := json.Marshal(&tx)
	if err != nil {
		b.Fatal(err)
	}
	return tx, raw
}

// BenchmarkCacheWrite: one versioned write (the fill of a read), over 1024
// ids whose versions grow, so that most writes replace an older version.
func BenchmarkCacheWrite(b *testing.B) {
	for _, backend := range benchBackends {
		b.Run(backend, func(b *testing.B) {
			c := benchCache(b, benchRedis(b, backend))
			_, raw := benchRecord(b)
			ids := make([]string, 1024)
			for i := range ids {
				ids[i] = "tx-" + strconv.Itoa(i)
			}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if _, err := c.write(ctx, ids[i%len(ids)], int64(i/len(ids)+1), raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCacheRefresh: Refresh of b.N state changes of distinct
// transactions, until every one is in Redis (Run drains the queue).
func BenchmarkCacheRefresh(b *testing.B) {
	for _, backend := range benchBackends {
		b.Run(backend, func(b *testing.B) {
			c := benchCache(b, benchRedis(b, backend))
			_, raw := benchRecord(b)
			r, err := NewRefresher(c, RefresherConfig{Queue: b.N + 1, Drain: time.Minute})
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			b.ReportAllocs()
			b.ResetTimer()
			go func() { done <- r.Run(ctx) }()
			for i := range b.N {
				r.Refresh("tx-"+strconv.Itoa(i), 2, raw)
			}
			cancel()
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if c.distrusting() {
				b.Fatal("a refresh was lost")
			}
		})
	}
}
