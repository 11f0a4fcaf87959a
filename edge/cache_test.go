package edge

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// newTestCache connects a cache to the Redis at addr.
func newTestCache(t *testing.T, addr string, obs Observer, mutate func(*CacheConfig)) (*Cache, *redis.Client) {
	t.Helper()
	cfg := DefaultCacheConfig()
	cfg.KeyPrefix = testenv.Name(t, "edge-test") + ":"
	if mutate != nil {
		mutate(&cfg)
	}
	rdb := redis.NewClient(RedisOptions(addr, cfg))
	t.Cleanup(func() { _ = rdb.Close() })
	c, err := NewCache(rdb, cfg, obs)
	if err != nil {
		t.Fatal(err)
	}
	return c, rdb
}

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

func TestCacheVersionedWrite(t *testing.T) {
	obs := newRecordingObserver()
	c, rdb := newTestCache(t, testenv.Redis(t), obs, nil)
	ctx := context.Background()
	enc := func(v int64) []byte {
		raw, _ := json.Marshal(record("tx-1", v, domain.StatusReceived))
		return raw
	}
	steps := []struct {
		name    string
		version int64
		want    setResult
		cached  int64
	}{
		{"first write", 2, setWritten, 2},
		{"older refused", 1, setStale, 2},
		{"same version renews", 2, setSame, 2},
		{"newer replaces", 3, setWritten, 3},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got, err := c.write(ctx, "tx-1", st.version, enc(st.version))
			if err != nil || got != st.want {
				t.Fatalf("write v%d: %v %v, want %v", st.version, got, err, st.want)
			}
			if v := cachedVersion(t, c, "tx-1"); v != st.cached {
				t.Fatalf("cached v%d, want v%d", v, st.cached)
			}
		})
	}
	t.Run("Refresh is versioned", func(t *testing.T) {
		c.Refresh(record("tx-1", 5, domain.StatusCompleted))
		c.Refresh(record("tx-1", 4, domain.StatusConverting))
		if v := cachedVersion(t, c, "tx-1"); v != 5 {
			t.Fatalf("cached v%d after Refresh v5 then v4", v)
		}
	})
	t.Run("a fill after a Refresh cannot go back", func(t *testing.T) {
		c.fill(ctx, "tx-1", 3, enc(3))
		if v := cachedVersion(t, c, "tx-1"); v != 5 {
			t.Fatalf("cached v%d after a stale fill", v)
		}
	})
	t.Run("entries expire", func(t *testing.T) {
		ttl, err := rdb.PTTL(ctx, c.key("tx-1")).Result()
		if err != nil || ttl <= 0 || ttl > DefaultCacheConfig().TTL {
			t.Fatalf("PTTL %v %v, want within (0, %v]", ttl, err, DefaultCacheConfig().TTL)
		}
		short, _ := newTestCache(t, testenv.Redis(t), nil, func(cc *CacheConfig) { cc.TTL = 50 * time.Millisecond })
		short.Refresh(record("tx-e", 1, domain.StatusReceived))
		testenv.Eventually(t, 5*time.Second, func() bool { return cachedVersion(t, short, "tx-e") == 0 }, "entry expires")
	})
	if obs.cacheCount(CacheStaleRefused) != 3 || obs.cacheCount(CacheFill) != 3 {
		t.Fatalf("events %v", obs.cache)
	}
}

func TestCacheReadThrough(t *testing.T) {
	obs := newRecordingObserver()
	c, _ := newTestCache(t, testenv.Redis(t), obs, nil)
	e := newEnv(t, func(cfg *Config) { cfg.Observer = obs }, c)
	e.tables.putTransaction(record("tx-1", 1, domain.StatusReceived))
	get := func() (string, float64) {
		tx := e.call(t, "GET", e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK).object(t)["transaction"].(map[string]any)
		return tx["status"].(string), tx["version"].(float64)
	}

	if st, v := get(); st != "received" || v != 1 {
		t.Fatalf("first read %s v%v", st, v)
	}
	reads := e.tables.txReads.Load()
	if obs.cacheCount(CacheMiss) != 1 || obs.cacheCount(CacheFill) != 1 {
		t.Fatalf("first read events %v", obs.cache)
	}
	if st, _ := get(); st != "received" || e.tables.txReads.Load() != reads || obs.cacheCount(CacheHit) != 1 {
		t.Fatalf("second read not from Redis: table reads %d -> %d, events %v", reads, e.tables.txReads.Load(), obs.cache)
	}
	// A state change reaches readers through Refresh, not the table.
	next := record("tx-1", 2, domain.StatusCompleted)
	e.tables.putTransaction(next)
	c.Refresh(next)
	if st, v := get(); st != "completed" || v != 2 || e.tables.txReads.Load() != reads {
		t.Fatalf("after Refresh: %s v%v, table reads %d -> %d", st, v, reads, e.tables.txReads.Load())
	}
	e.call(t, "GET", e.transaction+"/transactions/unknown", "").expectProblem(t, CodeTransactionNotFound)
}

func TestCacheCorruptEntryFallsBack(t *testing.T) {
	obs := newRecordingObserver()
	c, rdb := newTestCache(t, testenv.Redis(t), obs, nil)
	e := newEnv(t, nil, c)
	e.tables.putTransaction(record("tx-1", 1, domain.StatusReceived))
	if err := rdb.HSet(context.Background(), c.key("tx-1"), "v", 9, "d", "{not json").Err(); err != nil {
		t.Fatal(err)
	}
	e.call(t, "GET", e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK)
	if obs.cacheCount(CacheError) != 1 || obs.cacheCount(CacheFallback) != 1 {
		t.Fatalf("events %v", obs.cache)
	}
}

func TestCacheRedisStopped(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not on the PATH")
	}
	srv := testenv.StartRedisServer(t)
	obs := newRecordingObserver()
	c, _ := newTestCache(t, srv.Addr, obs, func(cc *CacheConfig) { cc.Backoff = 50 * time.Millisecond })
	e := newEnv(t, func(cfg *Config) { cfg.Observer = obs }, c)
	for _, id := range []string{"tx-1", "tx-2"} {
		e.tables.putTransaction(record(id, 1, domain.StatusReceived))
	}
	e.call(t, "GET", e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK)

	srv.Stop()
	for range 5 {
		for _, id := range []string{"tx-1", "tx-2"} {
			e.call(t, "GET", e.transaction+"/transactions/"+id, "").expect(t, http.StatusOK)
		}
		e.call(t, "GET", e.transaction+"/transactions/tx-9", "").expectProblem(t, CodeTransactionNotFound)
	}
	if obs.cacheCount(CacheFallback) == 0 || obs.cacheCount(CacheError) == 0 {
		t.Fatalf("fallbacks not counted: %v", obs.cache)
	}
	for key := range obs.routes() {
		if key[len(key)-3] == '5' {
			t.Fatalf("a 5xx while Redis was down: %q", key)
		}
	}

	srv.Start(t)
	hits := obs.cacheCount(CacheHit)
	testenv.Eventually(t, 10*time.Second, func() bool {
		e.call(t, "GET", e.transaction+"/transactions/tx-2", "").expect(t, http.StatusOK)
		return obs.cacheCount(CacheHit) > hits
	}, "reads use Redis again after it restarted")
}

// TestCacheHungRedis: a Redis that accepts connections and never answers
// costs a read at most the cache timeout, then the backoff skips it.
func TestCacheHungRedis(t *testing.T) {
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
	obs := newRecordingObserver()
	c, _ := newTestCache(t, ln.Addr().String(), obs, func(cc *CacheConfig) { cc.Timeout = 100 * time.Millisecond; cc.Backoff = time.Hour })
	e := newEnv(t, func(cfg *Config) { cfg.Observer = obs }, c)
	e.tables.putTransaction(record("tx-1", 1, domain.StatusReceived))
	start := time.Now()
	for range 10 {
		e.call(t, "GET", e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("10 reads took %s with a hung Redis", took)
	}
	if obs.cacheCount(CacheError) != 1 || obs.cacheCount(CacheFallback) != 10 {
		t.Fatalf("events %v: want one timeout, then backoff", obs.cache)
	}
}

// TestCacheRefreshLostDuringOutage: a state change whose refresh could not
// reach Redis must not leave the old state served once Redis is back.
func TestCacheRefreshLostDuringOutage(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not on the PATH")
	}
	srv := testenv.StartRedisServer(t)
	obs := newRecordingObserver()
	// A generous timeout: on a loaded machine the first write must not time
	// out, or the cache would distrust itself before the outage begins.
	c, _ := newTestCache(t, srv.Addr, obs, func(cc *CacheConfig) {
		cc.Backoff, cc.TTL, cc.Timeout = 20*time.Millisecond, time.Hour, 5*time.Second
	})
	c.Refresh(record("tx-1", 1, domain.StatusReceived))
	if v := cachedVersion(t, c, "tx-1"); v != 1 {
		t.Fatalf("cached version %d, want 1", v)
	}

	srv.Stop()
	start := time.Now()
	for v := int64(2); v <= 20; v++ { // the change feed goes on while Redis is down
		c.Refresh(record("tx-1", v, domain.StatusConverting))
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("19 refreshes took %s with Redis down: the change feed would stall", took)
	}
	srv.Start(t)
	testenv.Eventually(t, 5*time.Second, func() bool { return !c.backingOff() }, "backoff over")

	if v := cachedVersion(t, c, "tx-1"); v != 0 {
		t.Fatalf("served cached version %d after a lost refresh; want a fallback to the table", v)
	}
	c.fill(context.Background(), "tx-1", 20, mustJSON(t, record("tx-1", 20, domain.StatusCompleted)))
	if raw, err := c.rdb.HGet(context.Background(), c.key("tx-1"), "v").Result(); err != nil || raw != "20" {
		t.Fatalf("after the fill Redis holds version %q (%v), want 20", raw, err)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
