package edge

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/edge/ratelimit"
)

// fakeClock is a clock a test moves by hand, in nanoseconds since the
// Unix epoch.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time { return time.Unix(0, c.ns.Load()).UTC() }

func (c *fakeClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

func newTestLimiter(t *testing.T, clock *fakeClock) *ratelimit.Limiter {
	t.Helper()
	l, err := ratelimit.New(ratelimit.Config{Rate: 1, Burst: 2, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestRateLimitPerKey: a key's burst is allowed with the RateLimit
// fields, the next request is 429 rate_limited with Retry-After and the
// fields, another key is not affected, and after the refill the key is
// allowed again. Only the limiter's clock moves.
func TestRateLimitPerKey(t *testing.T) {
	keys := newTestKeys(t)
	clock := newFakeClock()
	e := newEnv(t, func(c *Config) { c.Auth, c.Limiter = keys.auth, newTestLimiter(t, clock) }, nil)
	url := e.transaction + "/transactions/tx-1"
	e.tables.putTransaction(record("tx-1", 1, "received"))
	reader := bearerHeader(keys.only[auth.TransactionsRead])
	for i, left := range []string{"1", "0"} {
		a := e.call(t, "GET", url, "", reader...).expect(t, http.StatusOK)
		expectRateLimit(t, a, `"per-key";q=2;w=2`, `"per-key";r=`+left+`;t=1`)
		if a.header.Get("Retry-After") != "" {
			t.Fatalf("request %d: Retry-After on an allowed answer", i)
		}
	}
	a := e.call(t, "GET", url, "", reader...)
	a.expectProblem(t, CodeRateLimited)
	expectRateLimit(t, a, `"per-key";q=2;w=2`, `"per-key";r=0;t=1`)
	if got := a.header.Get("Retry-After"); got != "1" {
		t.Fatalf("Retry-After %q, want 1", got)
	}
	if e.obs.deniedCount(ServiceTransaction, DenyRateLimited) != 1 {
		t.Fatal("rate_limited not observed")
	}
	e.call(t, "GET", url, "", bearerHeader(keys.allBut[auth.Ops])...).expect(t, http.StatusOK)
	clock.advance(time.Second)
	e.call(t, "GET", url, "", reader...).expect(t, http.StatusOK)
}

// TestRateLimitAfterScope: a request refused for its key or its scope
// spends nothing of the key's bucket, nor do the open probes; /metrics
// (ops) is limited like any route.
func TestRateLimitAfterScope(t *testing.T) {
	keys := newTestKeys(t)
	clock := newFakeClock()
	e := newEnv(t, func(c *Config) { c.Auth, c.Limiter = keys.auth, newTestLimiter(t, clock) }, nil)
	url := e.converter + "/rates"
	for range 5 {
		e.call(t, "GET", url, "", bearerHeader(keys.only[auth.Ops])...).expectProblem(t, CodeInsufficientScope)
		e.call(t, "GET", url, "").expectProblem(t, CodeUnauthorized)
		e.call(t, "GET", e.converter+"/healthz", "").expect(t, http.StatusOK)
	}
	e.call(t, "GET", e.converter+"/metrics", "", bearerHeader(keys.only[auth.Ops])...)
	e.call(t, "GET", e.converter+"/metrics", "", bearerHeader(keys.only[auth.Ops])...)
	e.call(t, "GET", e.converter+"/metrics", "", bearerHeader(keys.only[auth.Ops])...).expectProblem(t, CodeRateLimited)
}

// TestRateLimitAnonymous: without Auth, requests are limited per client
// address (all of this test's come from 127.0.0.1).
func TestRateLimitAnonymous(t *testing.T) {
	clock := newFakeClock()
	e := newEnv(t, func(c *Config) { c.Limiter = newTestLimiter(t, clock) }, nil)
	for i := range 2 {
		a := e.call(t, "GET", e.converter+"/rates", "").expect(t, http.StatusOK)
		expectRateLimit(t, a, `"per-address";q=2;w=2`, `"per-address";r=`+strconv.Itoa(1-i)+`;t=1`)
	}
	a := e.call(t, "POST", e.transaction+"/transactions", writeBodies[routeTransactions])
	a.expectProblem(t, CodeRateLimited)
	if e.txs.calls.Load() != 0 {
		t.Fatal("a refused write reached the actors")
	}
}

func expectRateLimit(t *testing.T, a answer, policy, limit string) {
	t.Helper()
	if got := a.header.Get(ratelimit.HeaderPolicy); got != policy {
		t.Fatalf("%s %q, want %q", ratelimit.HeaderPolicy, got, policy)
	}
	if got := a.header.Get(ratelimit.HeaderRateLimit); got != limit {
		t.Fatalf("%s %q, want %q", ratelimit.HeaderRateLimit, got, limit)
	}
}

// TestRateLimitBatchIsOneRequest: a batch spends one request of the key's
// bucket whatever its items (README, Limits): burst 2 lets two batches of
// 100 in, and the third is 429 before any of its items is submitted.
func TestRateLimitBatchIsOneRequest(t *testing.T) {
	keys := newTestKeys(t)
	clock := newFakeClock()
	e := newEnv(t, func(c *Config) { c.Auth, c.Limiter = keys.auth, newTestLimiter(t, clock) }, nil)
	writer := bearerHeader(keys.only[auth.TransactionsWrite])
	for _, prefix := range []string{"r1", "r2"} {
		body, ids := hundred(prefix)
		got := e.call(t, "POST", e.transaction+"/transactions/batch", body, writer...).results(t)
		expectResults(t, got, ids, http.StatusCreated, false)
	}
	calls := e.txs.calls.Load()
	body, _ := hundred("r3")
	e.call(t, "POST", e.transaction+"/transactions/batch", body, writer...).expectProblem(t, CodeRateLimited)
	if e.txs.calls.Load() != calls {
		t.Fatal("items of a rate-limited batch were submitted")
	}
}
