package cache

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

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
		{"same version kept", 2, setSame, 2},
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
		// Counted as written: ZADD cannot tell it from a newer version (write.go).
		if err != nil || got != setWritten {
			t.Fatalf("write of another encoding of v3: %v %v, want written", got, err)
		}
		if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Member != string(enc(3)) {
			t.Fatalf("Redis holds %v, want only the greater encoding", zs)
		}
		trailing := append(enc(3), ' ') // sorts after enc(3)
		if got, err := c.write(ctx, "tx-1", 3, trailing); err != nil || got != setWritten {
			t.Fatalf("write of a third encoding of v3: %v %v, want written", got, err)
		}
		if got, err := c.write(ctx, "tx-1", 3, trailing); err != nil || got != setSame {
			t.Fatalf("write of the bytes Redis holds: %v %v, want same", got, err)
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
		c.Fill(ctx, "tx-1", 3, enc(3))
		if v := cachedVersion(t, c, "tx-1"); v != 5 {
			t.Fatalf("cached v%d after a stale fill", v)
		}
	})
	t.Run("FillAll writes each entry, versioned", func(t *testing.T) {
		ids, versions := []string{"tx-1", "tx-a", "tx-b"}, []int64{4, 1, 2}
		c.FillAll(ctx, len(ids), func(i int) (string, int64, []byte) {
			return ids[i], versions[i], mustJSON(t, record(ids[i], versions[i], domain.StatusReceived))
		})
		for id, want := range map[string]int64{"tx-1": 5, "tx-a": 1, "tx-b": 2} {
			if v := cachedVersion(t, c, id); v != want {
				t.Fatalf("%s cached v%d after FillAll, want v%d", id, v, want)
			}
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
	t.Run("no write renews an entry's expiry", func(t *testing.T) {
		c.Fill(ctx, "tx-1", 6, enc(6))
		if ttl, err := rdb.PTTL(ctx, c.key("tx-1")).Result(); err != nil || ttl <= 0 || ttl > 10*time.Second {
			t.Fatalf("PTTL %v %v after a newer write, want the 10s it had", ttl, err)
		}
		if v := cachedVersion(t, c, "tx-1"); v != 6 {
			t.Fatalf("cached v%d, want v6", v)
		}
	})
	t.Run("entries expire one TTL after their first write", func(t *testing.T) {
		c.Fill(ctx, "tx-new", 1, mustJSON(t, record("tx-new", 1, domain.StatusReceived)))
		ttl, err := rdb.PTTL(ctx, c.key("tx-new")).Result()
		if err != nil || ttl <= 10*time.Second || ttl > DefaultConfig().TTL {
			t.Fatalf("PTTL %v %v after a first write, want within (10s, %v]", ttl, err, DefaultConfig().TTL)
		}
		short, _ := newTestCache(t, backend.addr, nil, func(cc *Config) { cc.TTL = 50 * time.Millisecond })
		sr := runRefresher(t, short, RefresherConfig{})
		sr.Refresh("tx-e", 2, mustJSON(t, record("tx-e", 2, domain.StatusConverting)))
		settle(t, sr)
		if v := cachedVersion(t, short, "tx-e"); v != 2 {
			t.Fatalf("cached v%d after the refresh, want v2", v)
		}
		backend.elapse(50 * time.Millisecond)
		testenv.Eventually(t, 5*time.Second, func() bool { return cachedVersion(t, short, "tx-e") == 0 }, "entry expires")
	})
	if obs.cacheCount(EventStaleRefused) != 5 || obs.cacheCount(EventFill) != 9 || obs.cacheCount(EventError) != 0 {
		t.Fatalf("events %v", obs.cache)
	}
}

func TestCacheReadThrough(t *testing.T) {
	obs := newRecordingObserver()
	c, _ := newTestCache(t, testenv.Redis(t), obs, nil)
	r := runRefresher(t, c, RefresherConfig{})
	tb := newTable()
	tb.put(record("tx-1", 1, domain.StatusReceived))

	if v := readThrough(t, c, tb, "tx-1"); v != 1 {
		t.Fatalf("first read v%d", v)
	}
	reads := tb.reads.Load()
	if obs.cacheCount(EventMiss) != 1 || obs.cacheCount(EventFill) != 1 {
		t.Fatalf("first read events %v", obs.cache)
	}
	if v := readThrough(t, c, tb, "tx-1"); v != 1 || tb.reads.Load() != reads || obs.cacheCount(EventHit) != 1 {
		t.Fatalf("second read not from Redis: table reads %d -> %d, events %v", reads, tb.reads.Load(), obs.cache)
	}
	// A state change reaches readers through Refresh, not the table.
	next := record("tx-1", 2, domain.StatusCompleted)
	tb.put(next)
	r.Refresh(next.ID, next.Version, mustJSON(t, next))
	settle(t, r)
	if v := readThrough(t, c, tb, "tx-1"); v != 2 || tb.reads.Load() != reads {
		t.Fatalf("after Refresh: v%d, table reads %d -> %d", v, reads, tb.reads.Load())
	}
	if v := readThrough(t, c, tb, "unknown"); v != 0 {
		t.Fatalf("an unknown id read as v%d", v)
	}
}

func TestCacheCorruptEntryFallsBack(t *testing.T) {
	obs := newRecordingObserver()
	c, rdb := newTestCache(t, testenv.Redis(t), obs, nil)
	tb := newTable()
	tb.put(record("tx-1", 1, domain.StatusReceived))
	if err := rdb.ZAdd(context.Background(), c.key("tx-1"), redis.Z{Score: 9, Member: "{not json"}).Err(); err != nil {
		t.Fatal(err)
	}
	if v := readThrough(t, c, tb, "tx-1"); v != 1 {
		t.Fatalf("read v%d, want the table's v1", v)
	}
	if obs.cacheCount(EventError) != 1 || obs.cacheCount(EventFallback) != 1 {
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
		tb := newTable()
		tb.put(record("tx-1", 2, domain.StatusCompleted))
		if err := rdb.HSet(context.Background(), c.key("tx-1"), "v", 1, "d", `{"id":"tx-1"}`).Err(); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if v := readThrough(t, c, tb, "tx-1"); v != 2 {
				t.Fatalf("read v%d, want the table's version 2", v)
			}
		}
		r.Refresh("tx-1", 3, mustJSON(t, record("tx-1", 3, domain.StatusCompleted)))
		settle(t, r)
		if c.backingOff() || c.distrusting() {
			t.Fatal("an entry of the old format started the backoff or the distrust")
		}
		// Each write to the key (two fills, one refresh) is a failed command.
		if obs.cacheCount(EventMiss) != 2 || obs.cacheCount(EventError) != 3 || obs.cacheCount(EventFallback) != 0 || obs.cacheCount(EventFill) != 0 {
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
	c, _ := newTestCache(t, srv.Addr, obs, func(cc *Config) { cc.Backoff = 50 * time.Millisecond })
	tb := newTable()
	for _, id := range []string{"tx-1", "tx-2"} {
		tb.put(record(id, 1, domain.StatusReceived))
	}
	readThrough(t, c, tb, "tx-1")

	srv.Stop()
	for range 5 {
		for _, id := range []string{"tx-1", "tx-2"} {
			if v := readThrough(t, c, tb, id); v != 1 {
				t.Fatalf("%s read v%d while Redis was down, want the table's v1", id, v)
			}
		}
		if v := readThrough(t, c, tb, "tx-9"); v != 0 {
			t.Fatalf("an unknown id read as v%d", v)
		}
	}
	if obs.cacheCount(EventFallback) == 0 || obs.cacheCount(EventError) == 0 {
		t.Fatalf("fallbacks not counted: %v", obs.cache)
	}

	srv.Start(t)
	hits := obs.cacheCount(EventHit)
	testenv.Eventually(t, 10*time.Second, func() bool {
		readThrough(t, c, tb, "tx-2")
		return obs.cacheCount(EventHit) > hits
	}, "reads use Redis again after it restarted")
}

// TestCacheHungRedis: a Redis that accepts connections and never answers
// costs a read at most the cache timeout, then the backoff skips it.
func TestCacheHungRedis(t *testing.T) {
	obs := newRecordingObserver()
	c, _ := newTestCache(t, hungRedis(t), obs, func(cc *Config) { cc.Timeout = 100 * time.Millisecond; cc.Backoff = time.Hour })
	tb := newTable()
	tb.put(record("tx-1", 1, domain.StatusReceived))
	start := time.Now()
	for range 10 {
		if v := readThrough(t, c, tb, "tx-1"); v != 1 {
			t.Fatalf("read v%d, want the table's v1", v)
		}
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("10 reads took %s with a hung Redis", took)
	}
	if obs.cacheCount(EventError) != 1 || obs.cacheCount(EventFallback) != 10 {
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
	c, _ := newTestCache(t, srv.Addr, obs, func(cc *Config) { cc.Backoff, cc.TTL = 20*time.Millisecond, time.Hour })
	r := runRefresher(t, c, RefresherConfig{})
	r.Refresh("tx-1", 2, mustJSON(t, record("tx-1", 2, domain.StatusConverting)))
	settle(t, r)
	if v := cachedVersion(t, c, "tx-1"); v != 2 {
		t.Fatalf("cached version %d, want 2", v)
	}

	srv.Stop()
	start := time.Now()
	for v := int64(3); v <= 20; v++ { // the change feed goes on while Redis is down
		r.Refresh("tx-1", v, mustJSON(t, record("tx-1", v, domain.StatusConverting)))
	}
	if took := time.Since(start); took > time.Second {
		t.Fatalf("18 refreshes took %s with Redis down: the change feed would stall", took)
	}
	settle(t, r)
	srv.Start(t)
	testenv.Eventually(t, 5*time.Second, func() bool { return !c.backingOff() }, "backoff over")

	if v := cachedVersion(t, c, "tx-1"); v != 0 {
		t.Fatalf("served cached version %d after a lost refresh; want a fallback to the table", v)
	}
	c.Fill(context.Background(), "tx-1", 20, mustJSON(t, record("tx-1", 20, domain.StatusCompleted)))
	if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Score != 20 {
		t.Fatalf("after the fill Redis holds %v, want version 20", zs)
	}
}
