package cache

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

func TestParseWrites(t *testing.T) {
	for _, w := range []Writes{WritesEvery, WritesRead} {
		got, err := ParseWrites(w.String())
		if err != nil || got != w {
			t.Errorf("ParseWrites(%q) = %v, %v; want %v", w.String(), got, err, w)
		}
	}
	if _, err := ParseWrites("always"); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("ParseWrites(always): %v, want ErrInvalidConfig", err)
	}
	if err := (Config{Writes: Writes(7)}).Validate(); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("Validate of Writes(7): %v, want ErrInvalidConfig", err)
	}
}

func readPolicy(cfg *Config) { cfg.Writes = WritesRead }

// TestWritesReadLeavesUnreadTransactionsOut: under WritesRead a 201's
// record (Fill or FillAll of an id nobody read) and the changes of an
// unread transaction reach no Redis; a read fills its entry, and from
// then on its changes are refreshed, as under WritesEvery.
func TestWritesReadLeavesUnreadTransactionsOut(t *testing.T) {
	eachRedis(t, func(t *testing.T, backend redisBackend) {
		obs := newRecordingObserver()
		c, _ := newTestCache(t, backend.addr, obs, readPolicy)
		r := runRefresher(t, c, RefresherConfig{})
		ctx := context.Background()
		tb := newTable()

		created := record("tx-unread", 1, domain.StatusReceived)
		c.Fill(ctx, created.ID, created.Version, mustJSON(t, created))
		batch := []domain.Transaction{record("tx-batch-1", 1, domain.StatusReceived), record("tx-batch-2", 1, domain.StatusReceived)}
		c.FillAll(ctx, len(batch), func(i int) (string, int64, []byte) { return batch[i].ID, 1, mustJSON(t, batch[i]) })
		changed := record("tx-unread", 2, domain.StatusCompleted)
		r.Refresh(changed.ID, changed.Version, mustJSON(t, changed))
		settle(t, r)
		for _, id := range []string{"tx-unread", "tx-batch-1", "tx-batch-2"} {
			if zs := stored(t, c, id); len(zs) != 0 {
				t.Errorf("Redis holds %v for %s, which nobody read", zs, id)
			}
		}
		if n := obs.commandCount("set"); n != 0 {
			t.Fatalf("%d writes to Redis, want none for unread transactions", n)
		}

		tb.put(record("tx-read", 1, domain.StatusReceived))
		if v := readThrough(t, c, tb, "tx-read"); v != 1 || obs.cacheCount(EventFill) != 1 {
			t.Fatalf("read v%d, events %v: want a miss and its fill", v, obs.cache)
		}
		next := record("tx-read", 2, domain.StatusCompleted)
		tb.put(next)
		r.Refresh(next.ID, next.Version, mustJSON(t, next))
		settle(t, r)
		if v := cachedVersion(t, c, "tx-read"); v != 2 {
			t.Fatalf("cached v%d after the refresh of a read transaction, want v2", v)
		}
		// A batch item that was read is written like any fill.
		c.FillAll(ctx, 2, func(i int) (string, int64, []byte) {
			tx := []domain.Transaction{record("tx-read", 3, domain.StatusCompleted), record("tx-batch-1", 1, domain.StatusReceived)}[i]
			return tx.ID, tx.Version, mustJSON(t, tx)
		})
		if v := cachedVersion(t, c, "tx-read"); v != 3 {
			t.Fatalf("cached v%d after a fill of v3", v)
		}
		if zs := stored(t, c, "tx-batch-1"); len(zs) != 0 {
			t.Fatalf("Redis holds %v for an unread batch item", zs)
		}
	})
}

// TestWritesReadRefreshesAChangeTheReadMissed: the read starts keeping
// its transaction fresh before it reads the table, so a change that
// lands between the table read and the fill is refreshed and wins over
// the fill's older version.
func TestWritesReadRefreshesAChangeTheReadMissed(t *testing.T) {
	eachRedis(t, func(t *testing.T, backend redisBackend) {
		c, _ := newTestCache(t, backend.addr, nil, readPolicy)
		r := newRefresher(t, c, RefresherConfig{})
		ctx := context.Background()
		if _, ok := c.Get(ctx, "tx-1"); ok {
			t.Fatal("a hit on an empty Redis")
		}
		old := record("tx-1", 1, domain.StatusReceived) // what the read found
		newer := record("tx-1", 2, domain.StatusCompleted)
		r.Refresh(newer.ID, newer.Version, mustJSON(t, newer))
		if idle(r) {
			t.Fatal("the change after the read's Get was not queued")
		}
		c.Fill(ctx, old.ID, old.Version, mustJSON(t, old))
		testenv.Run(t, "refresher", r.Run)
		settle(t, r)
		if v := cachedVersion(t, c, "tx-1"); v != 2 {
			t.Fatalf("cached v%d, want the change's v2", v)
		}
	})
}

// TestTracker: an id is kept fresh one TTL from its last read or write;
// a full tracker takes no new read (so the read fills nothing), but every
// write is tracked, full or not, since its entry now exists.
func TestTracker(t *testing.T) {
	const ttl = time.Minute
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	tr := newTracker(ttl)
	tr.limit = 2
	if !tr.track("a", t0) || !tr.tracks("a", t0.Add(ttl-time.Nanosecond)) || tr.tracks("a", t0.Add(ttl)) {
		t.Fatal("a read keeps its id fresh for exactly one TTL")
	}
	tr.wrote([]cacheEntry{{id: "a"}}, t0.Add(30*time.Second))
	if !tr.tracks("a", t0.Add(ttl+29*time.Second)) {
		t.Fatal("a write keeps its id fresh one TTL from the write")
	}
	if !tr.track("b", t0) || tr.track("c", t0) {
		t.Fatal("the tracker takes two ids and refuses a third")
	}
	if !tr.track("a", t0.Add(time.Second)) {
		t.Fatal("a full tracker refused an id it holds")
	}
	tr.wrote([]cacheEntry{{id: "c"}}, t0)
	if !tr.tracks("c", t0) {
		t.Fatal("a write past the limit is not tracked")
	}
	// A read two TTLs later sweeps what expired, which makes room.
	later := t0.Add(3 * ttl)
	if !tr.track("d", later) || tr.tracks("b", later) || len(tr.until) != 1 {
		t.Fatalf("after the sweep: %v, want only d", tr.until)
	}
}
