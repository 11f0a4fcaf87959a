package edge

import (
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/internal/embedded"
	"github.com/txstream/txstream/internal/testenv"
)

// newRedisCache is a cache over the Redis at addr, as the composition
// builds it, with cfg's timeouts.
func newRedisCache(t *testing.T, addr string, cfg cache.Config) *cache.Cache {
	t.Helper()
	cfg.KeyPrefix = testenv.Name(t, "edge-test") + ":"
	rdb := redis.NewClient(cache.RedisOptions(addr, cfg))
	t.Cleanup(func() { _ = rdb.Close() })
	c, err := cache.New(rdb, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTransactionServiceReadsThroughTheCache: GET /transactions/{id} reads
// the table once and Redis after, a 201 fills Redis with what it answered,
// and an unknown id is a 404 that caches nothing. (The cache's own
// contract is tested in edge/cache.)
func TestTransactionServiceReadsThroughTheCache(t *testing.T) {
	srv, err := embedded.StartRedis("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cfg := cache.DefaultConfig()
	cfg.Timeout = 5 * time.Second // a loaded machine must not make the cache back off
	e := newEnv(t, nil, newRedisCache(t, srv.Addr(), cfg))
	e.tables.putTransaction(record("tx-1", 2, domain.StatusCompleted))

	if tx := getTransaction(t, e, "tx-1"); tx["version"].(float64) != 2 {
		t.Fatalf("first read %v, want the table's v2", tx)
	}
	reads := e.tables.txReads.Load()
	if tx := getTransaction(t, e, "tx-1"); tx["version"].(float64) != 2 || e.tables.txReads.Load() != reads {
		t.Fatalf("second read %v, table reads %d -> %d: want Redis's v2", tx, reads, e.tables.txReads.Load())
	}

	e.call(t, "POST", e.transaction+"/transactions", `{"id":"tx-2","amount":"1","currency":"USD"}`).expect(t, http.StatusCreated)
	reads = e.tables.txReads.Load()
	if tx := getTransaction(t, e, "tx-2"); tx["status"] != "received" || e.tables.txReads.Load() != reads {
		t.Fatalf("read after the 201: %v, table reads %d -> %d: want the 201's record from Redis", tx, reads, e.tables.txReads.Load())
	}
	e.call(t, "GET", e.transaction+"/transactions/unknown", "").expectProblem(t, CodeTransactionNotFound)

	// A batch's created items are in Redis as a POST's are; the PUT too.
	e.call(t, "POST", e.transaction+"/transactions/batch", batchOf(txItem("tx-3"), txItem("tx-4"))).results(t)
	e.call(t, "PUT", e.transaction+"/transactions/tx-5", `{"amount":"1","currency":"USD"}`).expect(t, http.StatusCreated)
	reads = e.tables.txReads.Load()
	for _, id := range []string{"tx-3", "tx-4", "tx-5"} {
		if tx := getTransaction(t, e, id); tx["status"] != "received" || e.tables.txReads.Load() != reads {
			t.Fatalf("read of %s after the batch: %v, table reads %d -> %d: want its record from Redis", id, tx, reads, e.tables.txReads.Load())
		}
	}
}

// TestTheVerdictsRecordIsCached: with verdicts a new id's 201 carries the
// table's record, and it must reach Redis as the as-received record did:
// a GET on another process, whose view has not seen the id yet, finds it
// there (the tables here never show it).
func TestTheVerdictsRecordIsCached(t *testing.T) {
	srv, err := embedded.StartRedis("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cfg := cache.DefaultConfig()
	cfg.Timeout = 5 * time.Second
	e := newEnv(t, nil, newRedisCache(t, srv.Addr(), cfg))
	e.txs.mu.Lock()
	e.txs.judged = true
	e.txs.mu.Unlock()

	e.call(t, "POST", e.transaction+"/transactions", `{"id":"tx-v","amount":"1","currency":"USD"}`).expect(t, http.StatusCreated)
	e.call(t, "PUT", e.transaction+"/transactions/tx-p", `{"amount":"1","currency":"USD"}`).expect(t, http.StatusCreated)
	e.call(t, "POST", e.transaction+"/transactions/batch", batchOf(txItem("tx-b"))).results(t)
	for _, id := range []string{"tx-v", "tx-p", "tx-b"} {
		if tx := getTransaction(t, e, id); tx["status"] != "received" {
			t.Errorf("read of %s after its 201: %v, want the 201's record from Redis", id, tx)
		}
	}
}

// TestTransactionServiceHungRedis: a Redis that accepts connections and
// never answers costs reads at most the cache timeout, never an error.
func TestTransactionServiceHungRedis(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() }) // accepts nothing: the dial waits in the backlog
	cfg := cache.DefaultConfig()
	cfg.Timeout, cfg.Backoff = 100*time.Millisecond, time.Hour
	e := newEnv(t, nil, newRedisCache(t, ln.Addr().String(), cfg))
	e.tables.putTransaction(record("tx-1", 1, domain.StatusReceived))
	start := time.Now()
	for range 10 {
		getTransaction(t, e, "tx-1")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("10 reads took %s with a hung Redis", took)
	}
}

// getTransaction answers GET /transactions/{id} with 200 and returns its
// transaction member.
func getTransaction(t *testing.T, e *env, id string) map[string]any {
	t.Helper()
	return e.call(t, "GET", e.transaction+"/transactions/"+id, "").expect(t, http.StatusOK).object(t)["transaction"].(map[string]any)
}
