package cache

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// newRefresher builds the refresher of c without running it.
func newRefresher(t *testing.T, c *Cache, cfg RefresherConfig) *Refresher {
	t.Helper()
	r, err := NewRefresher(c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func runRefresher(t *testing.T, c *Cache, cfg RefresherConfig) *Refresher {
	t.Helper()
	r := newRefresher(t, c, cfg)
	testenv.Run(t, "refresher", r.Run)
	return r
}

// idle reports whether nothing is queued or being written.
func idle(r *Refresher) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.queued) == 0 && len(r.writing) == 0
}

// settle waits until the refresher has written (or dropped) everything.
func settle(t *testing.T, r *Refresher) {
	t.Helper()
	testenv.Eventually(t, 10*time.Second, func() bool { return idle(r) }, "the refresher idle")
}

func TestNewRefresher(t *testing.T) {
	c, _ := newTestCache(t, "127.0.0.1:1", nil, nil)
	tests := []struct {
		name  string
		cache *Cache
		cfg   RefresherConfig
	}{
		{"no cache", nil, RefresherConfig{}},
		{"negative queue", c, RefresherConfig{Queue: -1}},
		{"negative drain", c, RefresherConfig{Drain: -time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewRefresher(tt.cache, tt.cfg); !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("err %v, want ErrInvalidConfig", err)
			}
		})
	}
	t.Run("one per cache", func(t *testing.T) {
		newRefresher(t, c, RefresherConfig{})
		if _, err := NewRefresher(c, RefresherConfig{}); !errors.Is(err, ErrInvalidConfig) {
			t.Fatalf("a second refresher: %v, want ErrInvalidConfig", err)
		}
	})
}

// TestRefresherSkipsTheFirstVersion: a refresh of version 1 writes
// nothing, whether Redis holds the 201's record of it or no entry: no
// older version can be served or filled in its place. A read fills it.
func TestRefresherSkipsTheFirstVersion(t *testing.T) {
	eachRedis(t, func(t *testing.T, backend redisBackend) {
		obs := newRecordingObserver()
		c, _ := newTestCache(t, backend.addr, obs, nil)
		r := runRefresher(t, c, RefresherConfig{})
		tb := newTable()
		first := record("tx-1", 1, domain.StatusReceived)
		tb.put(first)
		r.Refresh(first.ID, first.Version, mustJSON(t, first))
		if !idle(r) || obs.commandCount("set") != 0 {
			t.Fatalf("a refresh of the first version was queued or written: %d writes", obs.commandCount("set"))
		}
		if v := readThrough(t, c, tb, "tx-1"); v != 1 || obs.cacheCount(EventMiss) != 1 || obs.cacheCount(EventFill) != 1 {
			t.Fatalf("read v%d, events %v: want a miss and its fill", v, obs.cache)
		}
		next := record("tx-1", 2, domain.StatusConverting)
		r.Refresh(next.ID, next.Version, mustJSON(t, next))
		settle(t, r)
		if v := cachedVersion(t, c, "tx-1"); v != 2 {
			t.Fatalf("cached v%d after the refresh of v2", v)
		}
	})
}

// TestRefresherCoalesces: while queued, a newer version replaces an older
// one and an older one is refused; the transaction is read from the table
// meanwhile (Redis holds an older version), and one write puts the newest
// in Redis.
func TestRefresherCoalesces(t *testing.T) {
	eachRedis(t, func(t *testing.T, backend redisBackend) {
		obs := newRecordingObserver()
		c, _ := newTestCache(t, backend.addr, obs, nil)
		r := newRefresher(t, c, RefresherConfig{})
		tb := newTable()
		tb.put(record("tx-1", 4, domain.StatusCompleted))
		if _, err := c.write(context.Background(), "tx-1", 2, mustJSON(t, record("tx-1", 2, domain.StatusConverting))); err != nil {
			t.Fatal(err)
		}
		for _, v := range []int64{3, 4, 2} {
			r.Refresh("tx-1", v, mustJSON(t, record("tx-1", v, domain.StatusConverting)))
		}
		if v := readThrough(t, c, tb, "tx-1"); v != 4 || obs.cacheCount(EventMiss) != 1 {
			t.Fatalf("read while the refresh is queued: v%d, events %v; want the table's v4, a miss", v, obs.cache)
		}
		if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Score != 2 {
			t.Fatalf("Redis holds %v, want v2: no fill while a refresh is queued", zs)
		}

		testenv.Run(t, "refresher", r.Run)
		settle(t, r)
		if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Score != 4 {
			t.Fatalf("Redis holds %v, want version 4", zs)
		}
		if obs.cacheCount(EventFill) != 2 || obs.cacheCount(EventStaleRefused) != 1 || obs.commandCount("set") != 2 {
			t.Fatalf("events %v, commands %v: want v2, then one write of the refreshes, one stale refused", obs.cache, obs.commands)
		}
	})
}

// TestRefresherBatches: queued refreshes are written Batch at a time, one
// round trip each.
func TestRefresherBatches(t *testing.T) {
	eachRedis(t, func(t *testing.T, backend redisBackend) {
		obs := newRecordingObserver()
		c, _ := newTestCache(t, backend.addr, obs, nil)
		r := newRefresher(t, c, RefresherConfig{Batch: 2})
		for i := range 5 {
			id := fmt.Sprintf("tx-%d", i)
			r.Refresh(id, 2, mustJSON(t, record(id, 2, domain.StatusCompleted)))
		}
		testenv.Run(t, "refresher", r.Run)
		settle(t, r)
		for i := range 5 {
			if v := cachedVersion(t, c, fmt.Sprintf("tx-%d", i)); v != 2 {
				t.Fatalf("tx-%d cached v%d, want v2", i, v)
			}
		}
		if obs.commandCount("set") != 3 || obs.cacheCount(EventFill) != 5 {
			t.Fatalf("commands %v, events %v: want 5 fills in 3 round trips", obs.commands, obs.cache)
		}
	})
}

// TestRefresherDropsAndDistrusts: a refresh that does not reach Redis,
// whatever the reason, makes the cache distrust its entries, as a lost
// refresh always did.
func TestRefresherDropsAndDistrusts(t *testing.T) {
	raw := mustJSON(t, record("tx-1", 2, domain.StatusCompleted))
	tests := []struct {
		name  string
		addr  func(t testing.TB) string
		cache func(*Config)
		lose  func(t *testing.T, c *Cache)
	}{
		{"queue full", testenv.Redis, nil, func(t *testing.T, c *Cache) {
			r := newRefresher(t, c, RefresherConfig{Queue: 1})
			r.Refresh("tx-1", 2, raw)
			r.Refresh("tx-1", 3, raw) // coalesced: no growth, no drop
			if c.distrusting() {
				t.Fatal("distrusting before the queue was full")
			}
			r.Refresh("tx-2", 2, raw)
		}},
		{"Redis backing off", testenv.Redis, func(cc *Config) { cc.Backoff = time.Hour }, func(t *testing.T, c *Cache) {
			r := runRefresher(t, c, RefresherConfig{})
			c.failed()
			r.Refresh("tx-1", 2, raw)
			settle(t, r)
		}},
		{"write failed", hungRedis, func(cc *Config) { cc.Timeout = 100 * time.Millisecond }, func(t *testing.T, c *Cache) {
			r := runRefresher(t, c, RefresherConfig{})
			r.Refresh("tx-1", 2, raw)
			settle(t, r)
		}},
		{"after Run returned", testenv.Redis, nil, func(t *testing.T, c *Cache) {
			r := newRefresher(t, c, RefresherConfig{})
			testenv.Run(t, "refresher", r.Run)()
			r.Refresh("tx-1", 2, raw)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs := newRecordingObserver()
			c, _ := newTestCache(t, tt.addr(t), obs, tt.cache)
			tt.lose(t, c)
			if !c.distrusting() {
				t.Fatal("a dropped refresh left the cache trusting its entries")
			}
			if obs.cacheCount(EventDistrust) == 0 {
				t.Fatal("the distrust was not reported (txstream_cache_distrusts_total)")
			}
			if _, ok := c.Get(context.Background(), "tx-1"); ok {
				t.Fatal("a distrusting cache served an entry")
			}
		})
	}
}

// TestRefresherShutdown: Run writes what is queued when its context ends,
// within Drain; what it cannot write is dropped, and the cache distrusts.
func TestRefresherShutdown(t *testing.T) {
	raw := mustJSON(t, record("tx-1", 2, domain.StatusCompleted))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	t.Run("drains", func(t *testing.T) {
		c, _ := newTestCache(t, testenv.Redis(t), nil, nil)
		r := newRefresher(t, c, RefresherConfig{Batch: 1})
		for i := range 3 {
			r.Refresh(fmt.Sprintf("tx-%d", i), 2, raw)
		}
		if err := r.Run(cancelled); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if zs := stored(t, c, fmt.Sprintf("tx-%d", i)); len(zs) != 1 {
				t.Fatalf("tx-%d not written on shutdown: %v", i, zs)
			}
		}
		if c.distrusting() {
			t.Fatal("distrusting after a complete drain")
		}
	})
	t.Run("gives up at the deadline", func(t *testing.T) {
		c, _ := newTestCache(t, hungRedis(t), nil, func(cc *Config) { cc.Timeout = 100 * time.Millisecond })
		r := newRefresher(t, c, RefresherConfig{Batch: 1, Drain: 50 * time.Millisecond})
		for i := range 3 {
			r.Refresh(fmt.Sprintf("tx-%d", i), 2, raw)
		}
		begin := time.Now()
		if err := r.Run(cancelled); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(begin); took > 2*time.Second {
			t.Fatalf("Run took %s to stop with a hung Redis", took)
		}
		if !c.distrusting() || !idle(r) {
			t.Fatal("refreshes dropped on shutdown without distrust")
		}
	})
}
