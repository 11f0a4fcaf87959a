package cache

import (
	"context"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// TestCacheDistrustsEntriesFromBeforeTheFeed: after a kill -9, Redis can
// hold an entry older than the table for good: the killed process's queued
// refresh died with it, and the new process's view reads the newer version
// while it recovers, which the change feed does not announce. Until one
// TTL after the feed is live, an entry created before it is not served:
// the read goes to the table and its fill replaces the stale version.
func TestCacheDistrustsEntriesFromBeforeTheFeed(t *testing.T) {
	eachRedis(t, func(t *testing.T, backend redisBackend) {
		obs := newRecordingObserver()
		c, rdb := newTestCache(t, backend.addr, obs, nil)
		stale := record("tx-1", 2, domain.StatusConverting)
		if _, err := c.write(context.Background(), "tx-1", stale.Version, mustJSON(t, stale)); err != nil {
			t.Fatal(err)
		}
		// The entry ages before this process's feed is live: miniredis
		// counts TTLs down only when told; a real Redis follows the clock.
		backend.elapse(time.Second)
		testenv.Eventually(t, 5*time.Second, func() bool {
			left, err := rdb.PTTL(context.Background(), c.key("tx-1")).Result()
			return err == nil && left < c.cfg.TTL-5*time.Millisecond
		}, "the entry aged")

		c.FollowFeed(func() bool { return true }) // as the Transaction Service does, its views recovered
		tb := newTable()
		tb.put(record("tx-1", 3, domain.StatusCompleted))

		if v := readThrough(t, c, tb, "tx-1"); v != 3 {
			t.Fatalf("served version %d from before the feed, the table has 3", v)
		}
		if zs := stored(t, c, "tx-1"); len(zs) != 1 || zs[0].Score != 3 {
			t.Fatalf("after the fill Redis holds %v, want the table's version 3", zs)
		}
		// The fill replaced the version but kept the entry's expiry (no
		// write renews it): it is still not served, until it expires.
		reads := tb.reads.Load()
		if v := readThrough(t, c, tb, "tx-1"); v != 3 || tb.reads.Load() != reads+1 {
			t.Fatalf("second read: version %d, table reads %d -> %d; want the table's", v, reads, tb.reads.Load())
		}
	})
}
