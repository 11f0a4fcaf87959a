package cache

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// startup tells the entries created before the change feed was live from
// those created since. An entry's expiry is its first write plus the TTL
// (no later write renews it: write.go), so one that expires before liveAt
// + TTL was created before liveAt: by a predecessor, or by a fill from a
// view still recovering. Such an entry is not served even where a later
// write replaced its version, which only costs reads of the table until it
// expires. Until liveAt + TTL a read asks Redis for the entry's PTTL with
// the entry (one round trip); after that every such entry has expired, and
// reads are plain.
type startup struct {
	live   func() bool  // whether the feed is live; nil: live from the start
	liveAt atomic.Int64 // unix nanoseconds the feed was first seen live; 0 before
}

// FollowFeed, called before the first Get, makes the cache distrust
// entries from before live() first holds. The Transaction Service gives it the tables' readiness, which
// holds once the views recovered and their change feed runs.
func (c *Cache) FollowFeed(live func() bool) { c.startup.live = live }

// feedPending reports whether the feed is not live yet: no entry is
// served before it is. The first call that finds it live stamps liveAt.
func (c *Cache) feedPending(now time.Time) bool {
	if c.startup.live == nil || c.startup.liveAt.Load() != 0 {
		return false
	}
	if !c.startup.live() {
		return true
	}
	c.startup.liveAt.CompareAndSwap(0, now.UnixNano())
	return false
}

// suspectUntil is the moment before which an entry must expire to have
// been created before the feed was live; zero once no such entry can be
// left (or when the cache follows no feed).
func (c *Cache) suspectUntil(now time.Time) time.Time {
	at := c.startup.liveAt.Load()
	if at == 0 {
		return time.Time{}
	}
	until := time.Unix(0, at).Add(c.cfg.TTL)
	if !now.Before(until) {
		return time.Time{}
	}
	return until
}

// read returns the entry of id (its highest member) and whether it was
// created before the change feed was live. Get has checked feedPending.
func (c *Cache) read(ctx context.Context, id string) (top []string, fromBefore bool, err error) {
	until := c.suspectUntil(time.Now())
	if until.IsZero() {
		top, err = c.rdb.ZRange(ctx, c.key(id), -1, -1).Result()
		return top, false, err
	}
	var members *redis.StringSliceCmd
	var ttl *redis.DurationCmd
	_, err = c.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		members = p.ZRange(ctx, c.key(id), -1, -1)
		ttl = p.PTTL(ctx, c.key(id))
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	// The clock is read after the answer, so that the round trip cannot
	// make an entry look older; PTTL's millisecond truncation is the slack.
	expires := time.Now().Add(ttl.Val() + pttlSlack)
	return members.Val(), expires.Before(until), nil
}

// pttlSlack covers PTTL's truncation to whole milliseconds. An entry
// created before the feed went live is seconds older (a predecessor's, or
// a fill while the views recovered), far beyond it.
const pttlSlack = 2 * time.Millisecond
