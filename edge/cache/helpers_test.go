package cache

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/embedded"
	"github.com/txstream/txstream/internal/testenv"
)

// redisBackend is a Redis the cache tests run on.
type redisBackend struct {
	addr string
	// elapse lets d pass for the TTLs: miniredis only counts them down
	// when told to; a real Redis follows the clock.
	elapse func(d time.Duration)
}

// eachRedis runs test on the embedded miniredis (txstream dev's Redis)
// and on a real Redis (REDIS_ADDR, or a redis-server from the PATH): one
// contract, both backends.
func eachRedis(t *testing.T, test func(t *testing.T, r redisBackend)) {
	t.Run("miniredis", func(t *testing.T) {
		srv, err := embedded.StartRedis("")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(srv.Close)
		test(t, redisBackend{addr: srv.Addr(), elapse: srv.FastForward})
	})
	t.Run("redis-server", func(t *testing.T) {
		if _, err := exec.LookPath("redis-server"); err != nil && os.Getenv("REDIS_ADDR") == "" {
			t.Skip("no redis-server on the PATH and no REDIS_ADDR")
		}
		test(t, redisBackend{addr: testenv.Redis(t), elapse: func(time.Duration) {}})
	})
}

// newTestCache connects a cache to the Redis at addr.
func newTestCache(t testing.TB, addr string, obs Observer, mutate func(*Config)) (*Cache, *redis.Client) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.KeyPrefix = testenv.Name(t, "cache-test") + ":"
	// Generous: on a loaded machine a write must not time out, or the
	// cache would back off and distrust itself. Tests of timeouts set it.
	cfg.Timeout = 5 * time.Second
	if mutate != nil {
		mutate(&cfg)
	}
	rdb := redis.NewClient(RedisOptions(addr, cfg))
	t.Cleanup(func() { _ = rdb.Close() })
	c, err := New(rdb, cfg, obs)
	if err != nil {
		t.Fatal(err)
	}
	return c, rdb
}

// cachedVersion is the version Get serves for id, 0 when it serves none.
func cachedVersion(t *testing.T, c *Cache, id string) int64 {
	t.Helper()
	raw, ok := c.Get(context.Background(), id)
	if !ok {
		return 0
	}
	var tx domain.Transaction
	if err := json.Unmarshal(raw, &tx); err != nil {
		t.Fatalf("cached entry: %v", err)
	}
	return tx.Version
}

// stored is what Redis holds for id, looked at directly: the members of
// the entry with their scores.
func stored(t *testing.T, c *Cache, id string) []redis.Z {
	t.Helper()
	zs, err := c.rdb.ZRangeWithScores(context.Background(), c.key(id), 0, -1).Result()
	if err != nil {
		t.Fatalf("read entry %s: %v", id, err)
	}
	return zs
}

// table is the transactions table as the cache tests see it: the records
// a read falls back to, and how often it was read.
type table struct {
	mu    sync.Mutex
	txs   map[string]domain.Transaction
	reads atomic.Int64
}

func newTable() *table { return &table{txs: map[string]domain.Transaction{}} }

func (tb *table) put(tx domain.Transaction) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.txs[tx.ID] = tx
}

func (tb *table) get(id string) (domain.Transaction, bool) {
	tb.reads.Add(1)
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tx, ok := tb.txs[id]
	return tx, ok
}

// readThrough reads id as the edge's GET /transactions/{id} does: the
// cache first, else the table, whose record fills the cache. It returns
// the version read, 0 for an id the table does not know.
func readThrough(t *testing.T, c *Cache, tb *table, id string) int64 {
	t.Helper()
	if raw, ok := c.Get(context.Background(), id); ok {
		var tx domain.Transaction
		if err := json.Unmarshal(raw, &tx); err != nil {
			t.Fatalf("cached entry: %v", err)
		}
		return tx.Version
	}
	tx, ok := tb.get(id)
	if !ok {
		return 0
	}
	c.Fill(context.Background(), id, tx.Version, mustJSON(t, tx))
	return tx.Version
}

// record builds a transaction at version in status.
func record(id string, version int64, status domain.Status) domain.Transaction {
	at := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	return domain.Transaction{Schema: 1, ID: id, Amount: "10.50", Currency: "USD", Status: status, Version: version, CreatedAt: at, UpdatedAt: at}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// hungRedis is a listener that accepts connections and never answers.
func hungRedis(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns sync.WaitGroup
	held := make(chan net.Conn, 64)
	conns.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			held <- conn
		}
	})
	t.Cleanup(func() {
		ln.Close()
		conns.Wait()
		close(held)
		for conn := range held {
			conn.Close()
		}
	})
	return ln.Addr().String()
}

// recordingObserver counts what the Observer is told.
type recordingObserver struct {
	mu       sync.Mutex
	cache    map[Event]int
	commands map[string]int
}

func newRecordingObserver() *recordingObserver {
	return &recordingObserver{cache: map[Event]int{}, commands: map[string]int{}}
}

func (o *recordingObserver) Cache(ev Event) {
	o.mu.Lock()
	o.cache[ev]++
	o.mu.Unlock()
}

func (o *recordingObserver) CacheCommand(command string, _ time.Duration) {
	o.mu.Lock()
	o.commands[command]++
	o.mu.Unlock()
}

func (o *recordingObserver) cacheCount(ev Event) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.cache[ev]
}

func (o *recordingObserver) commandCount(command string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.commands[command]
}
