package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/internal/launch"
)

// The read paths of one transaction besides the table's long poll: the
// plain GET (Redis first, then the table), the status log, and the cache
// entry itself. The crash rounds compare them all with the table.

// state is a record's status and version, as the reports print them.
func (r txRecord) state() string { return fmt.Sprintf("%s v%d", r.Status, r.Version) }

// compareReads checks that the Redis entry and the plain GET tell the
// table's terminal status and version. Redis is read before the GET, as the
// killed processes left it (a stale entry there is what the GET would
// serve), and after it, once the GET's fill wrote what it read (dev's
// embedded Redis starts empty). A transaction without a cache entry is no
// disagreement: the cache is best effort.
func (c checker) compareReads(id string, table txRecord) result {
	before, foundBefore, errBefore := c.cacheEntry(id)
	plain, getErr := plainGet(c.front, id)
	after, foundAfter, errAfter := c.cacheEntry(id)
	stale := func(r txRecord, found bool) bool { return found && r.state() != table.state() }
	r := result{cached: foundBefore || foundAfter}
	staleBefore := stale(before, foundBefore)
	switch {
	case staleBefore && c.unservable(before):
		// Left by a killed process and distrusted by the front: what counts
		// is that the GET and the entry after its fill tell the table.
		staleBefore, r.unserved = false, true
	case staleBefore && c.front.distrusted():
		// A refresh the front could not write (Redis timing out under load)
		// left the entry stale, and the front said so: it serves no entry
		// for one TTL. Again the GET and the fill must tell the table.
		staleBefore, r.distrusted = false, true
	}
	if errBefore != nil || errAfter != nil || getErr != nil || staleBefore || stale(after, foundAfter) || plain.state() != table.state() {
		r.kind = outcomeDisagree
		r.problem = fmt.Sprintf("%s: table %s, cache %s, GET %s, then cache %s", id, table.state(),
			describeEntry(before, foundBefore, errBefore), describe(plain, getErr), describeEntry(after, foundAfter, errAfter))
	}
	return r
}

// unservable reports whether the front cannot serve entry: it expires
// before one cache TTL after the front became live, so it was written
// before that.
func (c checker) unservable(entry txRecord) bool {
	return !c.live.IsZero() && entry.expires.Before(c.live.Add(cache.DefaultConfig().TTL))
}

// describeEntry is a cache entry's state and how long it has left: the
// entries expire one TTL after they were created, which dates them.
func describeEntry(r txRecord, found bool, err error) string {
	switch {
	case !found && err == nil:
		return "no entry"
	case err != nil:
		return err.Error()
	}
	return fmt.Sprintf("%s (expires in %s)", r.state(), secs(r.ttl))
}

// cacheEntry reads the transaction's entry as cache.Cache keeps it: a
// sorted set whose highest-scored member is the JSON, scored by version.
func (c checker) cacheEntry(id string) (txRecord, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	top, err := c.cache.ZRangeWithScores(ctx, cacheKeyPrefix+id, -1, -1).Result()
	if err != nil || len(top) == 0 {
		return txRecord{}, false, err
	}
	var tx txRecord
	raw, _ := top[0].Member.(string)
	if err := json.Unmarshal([]byte(raw), &tx); err != nil {
		return txRecord{}, true, fmt.Errorf("entry %q: %w", raw, err)
	}
	tx.ttl, _ = c.cache.PTTL(ctx, cacheKeyPrefix+id).Result()
	tx.expires = time.Now().Add(tx.ttl)
	if int64(top[0].Score) != tx.Version {
		return tx, true, fmt.Errorf("entry scored %v holds version %d", top[0].Score, tx.Version)
	}
	return tx, true, nil
}

// plainGet is GET /transactions/{id} without ?wait: the cache-first read.
func plainGet(front *member, id string) (txRecord, error) {
	var got txAnswer
	a, err := call(context.Background(), http.MethodGet, front.url(launch.Transaction, "/transactions/"+id), nil, &got)
	if err == nil && a.code != http.StatusOK {
		var p struct{ Code string }
		_ = json.Unmarshal(a.body, &p)
		err = fmt.Errorf("answered %d %s", a.code, p.Code)
	}
	return got.Transaction, err
}

// otherReads says, in one line, what the plain GET, the status log and
// (with a cache client) the Redis entry tell about a transaction the
// table did not show terminal.
func (c checker) otherReads(id string) string {
	var parts []string
	plain, err := plainGet(c.front, id)
	parts = append(parts, "GET "+describe(plain, err))
	var entries []transition
	a, err := call(context.Background(), http.MethodGet, c.front.url(launch.Manager, "/transactions/"+id+"/log"), nil, &entries)
	switch {
	case err != nil:
		parts = append(parts, "log: "+err.Error())
	case a.code != http.StatusOK:
		parts = append(parts, fmt.Sprintf("log answered %d", a.code))
	default:
		parts = append(parts, fmt.Sprintf("log %v", entries))
	}
	if c.cache != nil {
		entry, found, err := c.cacheEntry(id)
		parts = append(parts, "cache "+describeEntry(entry, found, err))
	}
	return strings.Join(parts, ", ")
}

func describe(r txRecord, err error) string {
	if err != nil {
		return err.Error()
	}
	return r.state()
}
