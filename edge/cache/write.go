package cache

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The versioned write. An entry is a sorted set whose one member is the
// transaction's JSON, scored by its version. A write of (version, json) is
// one MULTI/EXEC, for one entry or a batch of them:
//
//	ZCOUNT key (version +inf    -> newer: Redis holds a newer version
//	ZADD key version json       -> 0: Redis holds these very bytes
//	ZREMRANGEBYRANK key 0 -2    -> keep only the highest version
//	PEXPIRE key TTL NX          -> a TTL for a new entry only
//
// The count and ZADD's reply tell the outcome for the metrics: stale
// refused (a newer version there), same (these bytes there), else written.
// Written includes a second encoding of the version Redis holds (below),
// which ZADD cannot tell from a newer version replacing an older one: a
// count of equal versions would, for a fifth command that cost a quarter
// of the write (BENCHMARKS.md, "Session 6: the cache write"). The two
// encodings meet only where the first version's fill by a read and the
// 201's record of it both reach Redis: a read that missed while the entry
// was not served (the distrust, the startup rule), or a 201 whose write
// came after another instance's read; a refresh and a fill of a later
// version write the same bytes as a rule (one codec encodes the table's
// record).
//
// MULTI makes the four one atomic step, as the Lua script that did this
// before was; but miniredis, the Redis of txstream dev, builds a new Lua
// interpreter for every script run, which cost a third of dev's CPU,
// while it runs these commands natively (BenchmarkCacheWrite).
//
// Two encodings of one version: the 201's as-received record (remember)
// and the processor's record of that version may differ in bytes (the
// time stamps), and a fill re-encodes the record whose table bytes a
// refresh wrote. Version grows by one per change, so both encodings are
// the same state; the set keeps the greater member byte-wise
// (ZREMRANGEBYRANK keeps the last by score, then by member), whichever
// came first, so every process converges on the same bytes, and serving
// either is correct.
//
// The TTL: an entry lives one TTL from the write that created it, and no
// later write renews it (PEXPIRE NX sets a TTL only on a key without
// one). So a refused stale write never extends the life of a newer entry
// (one left stale by a lost refresh would outlive the one TTL of
// distrust), without a branch MULTI cannot make, and every entry expires
// at most one TTL after any write to it, which the distrust after a lost
// refresh and the startup rule (startup.go) rest on. A transaction's
// changes come within seconds of its creation; an entry that expires is
// filled again by the next read.
//
// Scores are float64: versions are exact up to 2^53.

// setResult is the outcome of the versioned write.
type setResult int

const (
	setStale   setResult = -1 // Redis holds a newer version; it stays, with its TTL
	setSame    setResult = 0  // Redis holds these very bytes
	setWritten setResult = 1  // this version written, or another encoding of it (the greater stays)
	setForeign setResult = 2  // the key holds another type (see wrongType)
)

// cacheEntry is one versioned write.
type cacheEntry struct {
	id      string
	version int64
	raw     []byte
}

// entryCmds are the commands of one entry in the transaction.
type entryCmds struct {
	newer, add *redis.IntCmd
	expire     *redis.Cmd
}

// write runs the versioned write of one entry and reports its outcome.
func (c *Cache) write(ctx context.Context, id string, version int64, raw []byte) (setResult, error) {
	var res [1]setResult
	err := c.writeBatch(ctx, []cacheEntry{{id: id, version: version, raw: raw}}, res[:])
	return res[0], err
}

// writeBatch writes every entry in one round trip, its outcome into res
// (of the same length). An error means some entry was not written; it
// counts one cache error and starts the backoff.
func (c *Cache) writeBatch(ctx context.Context, batch []cacheEntry, res []setResult) error {
	// A write notes the feed's liveness first, so that an entry written
	// once the feed is live (a 201's record, before any read) is trusted.
	c.feedPending(time.Now())
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	start := time.Now()
	pipe := c.rdb.TxPipeline()
	cmds := make([]entryCmds, len(batch))
	for i, e := range batch {
		cmds[i] = c.queueWrite(ctx, pipe, e)
	}
	_, _ = pipe.Exec(ctx) // every command carries its own error
	c.obs.CacheCommand("set", time.Since(start))
	if c.tracked != nil {
		// Whatever the outcome, an entry may now live one TTL from here.
		c.tracked.wrote(batch, time.Now())
	}
	var failed error
	for i := range batch {
		r, err := cmds[i].result()
		if err != nil {
			failed = fmt.Errorf("cache write %s: %w", batch[i].id, err)
			continue
		}
		res[i] = r
		c.observe(r)
	}
	if failed != nil {
		c.failed()
	}
	return failed
}

// queueWrite adds one entry's commands to the transaction.
func (c *Cache) queueWrite(ctx context.Context, pipe redis.Pipeliner, e cacheEntry) entryCmds {
	key, v := c.key(e.id), strconv.FormatInt(e.version, 10)
	cmds := entryCmds{
		newer: pipe.ZCount(ctx, key, "("+v, "+inf"),
		add:   pipe.ZAdd(ctx, key, redis.Z{Score: float64(e.version), Member: e.raw}),
	}
	pipe.ZRemRangeByRank(ctx, key, 0, -2)
	cmds.expire = pipe.Do(ctx, "pexpire", key, max(c.cfg.TTL.Milliseconds(), 1), "nx")
	return cmds
}

// result reads the outcome of one entry's commands.
func (e entryCmds) result() (setResult, error) {
	for _, err := range []error{e.newer.Err(), e.add.Err(), e.expire.Err()} {
		switch {
		case wrongType(err):
			return setForeign, nil
		case err != nil:
			return 0, err
		}
	}
	switch {
	case e.newer.Val() > 0:
		return setStale, nil
	case e.add.Val() == 0: // these very bytes were there
		return setSame, nil
	}
	return setWritten, nil
}

func (c *Cache) observe(r setResult) {
	switch r {
	case setWritten:
		c.obs.Cache(EventFill)
	case setStale:
		c.obs.Cache(EventStaleRefused)
	case setForeign:
		c.obs.Cache(EventError)
	}
}
