package integration

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// cacheKeyPrefix is the cache's key prefix (cache.Config's default).
const cacheKeyPrefix = "txstream:tx2:"

// TestRedisOutage stops redis-server under load: GET /transactions/{id}
// keeps answering 200 from the tables, and POSTs keep answering 201; once
// redis-server is back (empty, as after a crash without persistence), the
// cache fills again.
func TestRedisOutage(t *testing.T) {
	brokers := requireIntegration(t)
	rs := testenv.StartRedisServer(t)
	c := newCluster(t, clusterConfig{brokers: brokers, redis: rs.Addr, partitions: 6})
	c.start("proc-1", rolesProcessor)
	front := c.start("front", rolesFront)
	prepare(t, front)
	rdb := redis.NewClient(&redis.Options{Addr: rs.Addr, MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = rdb.Close() })

	rate := rateFromEnv(t, 200) / 2
	acked := loadFor(t, front, "before", rate, 3*rate)
	requireVerdict(t, verify(front, acked, 2*time.Minute), len(acked))
	// A state change refreshes the entry, but the cache is best effort: a
	// refresh that times out is dropped. A plain read fills what is missing.
	var inCache int
	testenv.Eventually(t, 30*time.Second, func() bool {
		readAll(front, acked)
		inCache = cached(rdb, acked)
		return inCache == len(acked)
	}, "the cache holds the %d transactions (has %s)", len(acked), num{&inCache})
	hitsBefore := cacheMetric(t, front, "txstream_cache_lookups_total", "result", "hit")
	fallbacksBefore := cacheMetric(t, front, "txstream_cache_lookups_total", "result", "fallback")

	rs.Stop()
	down := time.Now()
	outage := startLoad(t, front.postsURL(), testenv.Name(t, "during"), rate)
	reads := readAll(front, acked)
	testenv.Eventually(t, 60*time.Second, func() bool {
		return outage.answered(http.StatusCreated, down) >= 2*rate
	}, "POSTs acknowledged while Redis is down")
	duringResults := outage.finish()
	during := created(duringResults)
	if s := outage.summary(); s.created != s.total {
		t.Errorf("while Redis was down: %s; want every POST answered 201", s)
	}
	if reads.ok != len(acked) {
		t.Errorf("while Redis was down %d of %d reads answered 200 with a terminal status; first problem: %s", reads.ok, len(acked), reads.problem)
	}
	fallbacks := cacheMetric(t, front, "txstream_cache_lookups_total", "result", "fallback") - fallbacksBefore

	rs.Start(t)
	up := time.Now()
	all := append(slices.Clone(acked), during...)
	var after readResult
	testenv.Eventually(t, 60*time.Second, func() bool {
		after = readAll(front, all)
		inCache = cached(rdb, all)
		return after.ok == len(all) && inCache == len(all)
	}, "after Redis came back: every read 200 and every transaction cached again (%s of %d cached)", num{&inCache}, len(all))
	refilled := time.Since(up)
	hitsAfter := cacheMetric(t, front, "txstream_cache_lookups_total", "result", "hit")
	readAll(front, all)
	hitsAfter = cacheMetric(t, front, "txstream_cache_lookups_total", "result", "hit") - hitsAfter
	requireVerdict(t, verify(front, all, 2*time.Minute), len(all))

	report(t,
		fmt.Sprintf("before: %d transactions acknowledged, read and cached (%d cache hits)", len(acked), int(hitsBefore)),
		fmt.Sprintf("Redis down: %d of %d GETs answered 200 from the tables (p99 %s, max %s); %d cache lookups fell back; %d POSTs acknowledged (%s)",
			reads.ok, len(acked), ms(reads.p99), ms(reads.slowest), int(fallbacks), len(during), outage.summary()),
		fmt.Sprintf("Redis back, empty: all %d transactions read (200) and cached again within %s; %d fills written in all; a read of all of them then: %d cache hits (the cache serves no entry for one TTL, 1 min, after a refresh it lost)",
			len(all), secs(refilled), int(cacheMetric(t, front, "txstream_cache_fills_total", "result", "written")), int(hitsAfter)),
	)
	c.stopAll()
}

// loadFor runs the open-loop load until want transactions are
// acknowledged and returns them.
func loadFor(t *testing.T, front *member, prefix string, rate, want int) []sent {
	t.Helper()
	l := startLoad(t, front.postsURL(), testenv.Name(t, prefix), rate)
	testenv.Eventually(t, 60*time.Second, func() bool {
		return l.answered(http.StatusCreated, l.begin) >= want
	}, "%d POSTs acknowledged", want)
	return created(l.finish())
}

// cached counts the transactions that have a cache entry in Redis.
func cached(rdb *redis.Client, txs []sent) int {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pipe := rdb.Pipeline()
	cmds := make([]*redis.IntCmd, len(txs))
	for i, s := range txs {
		cmds[i] = pipe.Exists(ctx, cacheKeyPrefix+s.id)
	}
	_, _ = pipe.Exec(ctx)
	n := 0
	for _, c := range cmds {
		if c.Val() == 1 {
			n++
		}
	}
	return n
}

// readResult is what plain GET /transactions/{id} answered for a set of
// transactions.
type readResult struct {
	ok           int
	problem      string
	p99, slowest time.Duration
}

// readAll reads every transaction once, through the cache path (no ?wait),
// 8 at a time.
func readAll(front *member, txs []sent) readResult {
	var mu sync.Mutex
	var r readResult
	var took []time.Duration
	work := make(chan sent)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for s := range work {
				begin := time.Now()
				var got txAnswer
				a, err := call(context.Background(), http.MethodGet, front.url(launch.Transaction, "/transactions/"+s.id), nil, &got)
				mu.Lock()
				took = append(took, time.Since(begin))
				if err == nil && a.code == http.StatusOK && terminal(got.Transaction.Status) {
					r.ok++
				} else if r.problem == "" {
					r.problem = fmt.Sprintf("%s: %d %s %v", s.id, a.code, a.body, err)
				}
				mu.Unlock()
			}
		})
	}
	for _, s := range txs {
		work <- s
	}
	close(work)
	wg.Wait()
	if len(took) > 0 {
		slices.Sort(took)
		r.p99, r.slowest = took[len(took)*99/100], took[len(took)-1]
	}
	return r
}

// cacheMetric reads one series of the front's cache families.
func cacheMetric(t *testing.T, front *member, family, label, value string) float64 {
	t.Helper()
	mfs, err := front.scrape()
	if err != nil {
		t.Fatalf("scrape the front: %v", err)
	}
	return testenv.MetricSum(mfs, family, map[string]string{label: value})
}
