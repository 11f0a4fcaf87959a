package edge

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
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
func newTestCache(t testing.TB, addr string, obs Observer, mutate func(*CacheConfig)) (*Cache, *redis.Client) {
	t.Helper()
	cfg := DefaultCacheConfig()
	cfg.KeyPrefix = testenv.Name(t, "edge-test") + ":"
	// Generous: on a loaded machine a write must not time out, or the
	// cache would back off and distrust itself. Tests of timeouts set it.
	cfg.Timeout = 5 * time.Second
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

// getTransaction answers GET /transactions/{id} with 200 and returns its
// transaction member.
func getTransaction(t *testing.T, e *env, id string) map[string]any {
	t.Helper()
	return e.call(t, "GET", e.transaction+"/transactions/"+id, "").expect(t, http.StatusOK).object(t)["transaction"].(map[string]any)
}

func TestCacheVersionedWrite(t *testing.T) {
	eachRedis(t, testCacheVersionedWrite)
}

func testCacheVersionedWrite(t *testing.T, backend redisBackend) {
	obs := newRecordingObserver()
	c, rdb := newTestCache(t, backend.addr, obs, nil)
	r := runRefresher(t, c, RefresherConfig{})
	ctx := context.Background()
	enc := func(v int64) []byte { return mustJSON(t, record("tx-1", v, domain.StatusReceived)) }
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
			if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Score != float64(st.cached) {
				t.Fatalf("Redis holds %v, want one member scored %d", zs, st.cached)
			}
		})
	}
	t.Run("two encodings of one version: the greater stays, whichever came first", func(t *testing.T) {
		spaced := append([]byte(" "), enc(3)...) // sorts before enc(3)
		got, err := c.write(ctx, "tx-1", 3, spaced)
		if err != nil || got != setSame {
			t.Fatalf("write of another encoding of v3: %v %v, want same", got, err)
		}
		if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Member != string(enc(3)) {
			t.Fatalf("Redis holds %v, want only the greater encoding", zs)
		}
		trailing := append(enc(3), ' ') // sorts after enc(3)
		if got, err := c.write(ctx, "tx-1", 3, trailing); err != nil || got != setSame {
			t.Fatalf("write of a third encoding of v3: %v %v, want same", got, err)
		}
		if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Member != string(trailing) {
			t.Fatalf("Redis holds %v, want only the greater encoding", zs)
		}
	})
	t.Run("Refresh is versioned", func(t *testing.T) {
		r.Refresh("tx-1", 5, mustJSON(t, record("tx-1", 5, domain.StatusCompleted)))
		settle(t, r)
		r.Refresh("tx-1", 4, mustJSON(t, record("tx-1", 4, domain.StatusConverting)))
		settle(t, r)
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
	t.Run("a stale write keeps the entry's expiry", func(t *testing.T) {
		if err := rdb.PExpire(ctx, c.key("tx-1"), 10*time.Second).Err(); err != nil {
			t.Fatal(err)
		}
		if got, err := c.write(ctx, "tx-1", 2, enc(2)); err != nil || got != setStale {
			t.Fatalf("stale write: %v %v", got, err)
		}
		if ttl, err := rdb.PTTL(ctx, c.key("tx-1")).Result(); err != nil || ttl <= 0 || ttl > 10*time.Second {
			t.Fatalf("PTTL %v %v after a refused stale write, want the 10s it had", ttl, err)
		}
	})
	t.Run("entries expire", func(t *testing.T) {
		c.fill(ctx, "tx-1", 6, enc(6))
		ttl, err := rdb.PTTL(ctx, c.key("tx-1")).Result()
		if err != nil || ttl <= 10*time.Second || ttl > DefaultCacheConfig().TTL {
			t.Fatalf("PTTL %v %v after a write, want within (10s, %v]", ttl, err, DefaultCacheConfig().TTL)
		}
		short, _ := newTestCache(t, backend.addr, nil, func(cc *CacheConfig) { cc.TTL = 50 * time.Millisecond })
		sr := runRefresher(t, short, RefresherConfig{})
		sr.Refresh("tx-e", 1, mustJSON(t, record("tx-e", 1, domain.StatusReceived)))
		settle(t, sr)
		backend.elapse(50 * time.Millisecond)
		testenv.Eventually(t, 5*time.Second, func() bool { return cachedVersion(t, short, "tx-e") == 0 }, "entry expires")
	})
	if obs.cacheCount(CacheStaleRefused) != 4 || obs.cacheCount(CacheFill) != 4 || obs.cacheCount(CacheError) != 0 {
		t.Fatalf("events %v", obs.cache)
	}
}

func TestCacheReadThrough(t *testing.T) {
	obs := newRecordingObserver()
	c, _ := newTestCache(t, testenv.Redis(t), obs, nil)
	r := runRefresher(t, c, RefresherConfig{})
	e := newEnv(t, func(cfg *Config) { cfg.Observer = obs }, c)
	e.tables.putTransaction(record("tx-1", 1, domain.StatusReceived))
	get := func() (string, float64) {
		tx := getTransaction(t, e, "tx-1")
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
	r.Refresh(next.ID, next.Version, mustJSON(t, next))
	settle(t, r)
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
	if err := rdb.ZAdd(context.Background(), c.key("tx-1"), redis.Z{Score: 9, Member: "{not json"}).Err(); err != nil {
		t.Fatal(err)
	}
	e.call(t, "GET", e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK)
	if obs.cacheCount(CacheError) != 1 || obs.cacheCount(CacheFallback) != 1 {
		t.Fatalf("events %v", obs.cache)
	}
}

// TestCacheOldFormatEntry: a hash of the previous entry format at an
// entry's key (a custom KeyPrefix shared with older binaries) is a miss,
// is not overwritten, and never starts the backoff.
func TestCacheOldFormatEntry(t *testing.T) {
	eachRedis(t, func(t *testing.T, backend redisBackend) {
		obs := newRecordingObserver()
		c, rdb := newTestCache(t, backend.addr, obs, nil)
		r := runRefresher(t, c, RefresherConfig{})
		e := newEnv(t, func(cfg *Config) { cfg.Observer = obs }, c)
		e.tables.putTransaction(record("tx-1", 2, domain.StatusCompleted))
		if err := rdb.HSet(context.Background(), c.key("tx-1"), "v", 1, "d", `{"id":"tx-1"}`).Err(); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if tx := getTransaction(t, e, "tx-1"); tx["version"].(float64) != 2 {
				t.Fatalf("answered %v, want the table's version 2", tx)
			}
		}
		r.Refresh("tx-1", 3, mustJSON(t, record("tx-1", 3, domain.StatusCompleted)))
		settle(t, r)
		if c.backingOff() || c.distrusting() {
			t.Fatal("an entry of the old format started the backoff or the distrust")
		}
		// Each write to the key (two fills, one refresh) is a failed command.
		if obs.cacheCount(CacheMiss) != 2 || obs.cacheCount(CacheError) != 3 || obs.cacheCount(CacheFallback) != 0 || obs.cacheCount(CacheFill) != 0 {
			t.Fatalf("events %v: want two misses, three errors, no fill", obs.cache)
		}
		if typ, _ := rdb.Type(context.Background(), c.key("tx-1")).Result(); typ != "hash" {
			t.Fatalf("the old entry became a %s", typ)
		}
	})
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

// TestCacheHungRedis: a Redis that accepts connections and never answers
// costs a read at most the cache timeout, then the backoff skips it.
func TestCacheHungRedis(t *testing.T) {
	obs := newRecordingObserver()
	c, _ := newTestCache(t, hungRedis(t), obs, func(cc *CacheConfig) { cc.Timeout = 100 * time.Millisecond; cc.Backoff = time.Hour })
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
	c, _ := newTestCache(t, srv.Addr, obs, func(cc *CacheConfig) { cc.Backoff, cc.TTL = 20*time.Millisecond, time.Hour })
	r := runRefresher(t, c, RefresherConfig{})
	r.Refresh("tx-1", 1, mustJSON(t, record("tx-1", 1, domain.StatusReceived)))
	settle(t, r)
	if v := cachedVersion(t, c, "tx-1"); v != 1 {
		t.Fatalf("cached version %d, want 1", v)
	}

	srv.Stop()
	start := time.Now()
	for v := int64(2); v <= 20; v++ { // the change feed goes on while Redis is down
		r.Refresh("tx-1", v, mustJSON(t, record("tx-1", v, domain.StatusConverting)))
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("19 refreshes took %s with Redis down: the change feed would stall", took)
	}
	settle(t, r)
	srv.Start(t)
	testenv.Eventually(t, 5*time.Second, func() bool { return !c.backingOff() }, "backoff over")

	if v := cachedVersion(t, c, "tx-1"); v != 0 {
		t.Fatalf("served cached version %d after a lost refresh; want a fallback to the table", v)
	}
	c.fill(context.Background(), "tx-1", 20, mustJSON(t, record("tx-1", 20, domain.StatusCompleted)))
	if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Score != 20 {
		t.Fatalf("after the fill Redis holds %v, want version 20", zs)
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
