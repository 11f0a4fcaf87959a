package ratelimit

import (
	"net/netip"
	"sync"
	"testing"
	"time"
)

// clock is a settable clock for Config.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func newLimiter(t *testing.T, cfg Config) (*Limiter, *clock) {
	t.Helper()
	c := newClock()
	cfg.Now = c.Now
	l, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return l, c
}

// step is one request after advancing the clock, and what it must get.
type step struct {
	after      time.Duration
	allowed    bool
	rateLimit  string
	retryAfter int
}

func run(t *testing.T, l *Limiter, c *clock, allow func() Decision, steps []step) {
	t.Helper()
	for i, s := range steps {
		c.advance(s.after)
		d := allow()
		if d.Allowed != s.allowed || d.RateLimit() != s.rateLimit || d.RetryAfter() != s.retryAfter {
			t.Fatalf("step %d: allowed %v, RateLimit %s, Retry-After %d; want %v, %s, %d",
				i, d.Allowed, d.RateLimit(), d.RetryAfter(), s.allowed, s.rateLimit, s.retryAfter)
		}
	}
}

// TestHeaders: two requests a second with a burst of four.
func TestHeaders(t *testing.T) {
	l, c := newLimiter(t, Config{Rate: 2, Burst: 4})
	ms := time.Millisecond
	run(t, l, c, func() Decision { return l.AllowKey("ingest") }, []step{
		{0, true, `"per-key";r=3;t=1`, 0},
		{0, true, `"per-key";r=2;t=1`, 0},
		{0, true, `"per-key";r=1;t=1`, 0},
		{0, true, `"per-key";r=0;t=1`, 0},
		{0, false, `"per-key";r=0;t=1`, 1}, // the next token comes in 500 ms
		{250 * ms, false, `"per-key";r=0;t=1`, 1},
		{250 * ms, true, `"per-key";r=0;t=1`, 0},
		{1500 * ms, true, `"per-key";r=2;t=1`, 0}, // three tokens back, one spent
		{10 * time.Second, true, `"per-key";r=3;t=1`, 0},
	})
	if got := l.AllowKey("ingest").RateLimitPolicy(); got != `"per-key";q=4;w=2` {
		t.Fatalf("RateLimit-Policy %s", got)
	}
}

// TestSlowRate: one request per ten seconds; Retry-After counts down in
// whole seconds, rounded up, and equals t on every refusal.
func TestSlowRate(t *testing.T) {
	l, c := newLimiter(t, Config{Rate: 0.1, Burst: 1})
	run(t, l, c, func() Decision { return l.AllowKey("k") }, []step{
		{0, true, `"per-key";r=0;t=10`, 0},
		{0, false, `"per-key";r=0;t=10`, 10},
		{4 * time.Second, false, `"per-key";r=0;t=6`, 6},
		{5900 * time.Millisecond, false, `"per-key";r=0;t=1`, 1},
		{100 * time.Millisecond, true, `"per-key";r=0;t=10`, 0},
	})
}

func TestPolicy(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{Rate: 100}, `"per-address";q=100;w=1`},
		{Config{Rate: 10, Burst: 20}, `"per-address";q=20;w=2`},
		{Config{Rate: 3, Burst: 10}, `"per-address";q=10;w=4`},
		{Config{Rate: 0.5}, `"per-address";q=1;w=2`},
		{Config{Rate: 1000, Burst: 1}, `"per-address";q=1;w=1`},
	}
	for _, tt := range tests {
		l, _ := newLimiter(t, tt.cfg)
		if got := l.AllowAddress(netip.MustParseAddr("192.0.2.1")).RateLimitPolicy(); got != tt.want {
			t.Errorf("%+v: RateLimit-Policy %s, want %s", tt.cfg, got, tt.want)
		}
	}
}

// TestPartitions: each key and each address block has its own bucket; a
// key named like an address does not share the address's; an IPv6 /64
// and an IPv4 address mapped into IPv6 share theirs.
func TestPartitions(t *testing.T) {
	l, _ := newLimiter(t, Config{Rate: 1, Burst: 1})
	addr := netip.MustParseAddr
	first := []func() Decision{
		func() Decision { return l.AllowKey("a") },
		func() Decision { return l.AllowKey("b") },
		func() Decision { return l.AllowKey("192.0.2.1") },
		func() Decision { return l.AllowAddress(addr("192.0.2.1")) },
		func() Decision { return l.AllowAddress(addr("192.0.2.2")) },
		func() Decision { return l.AllowAddress(addr("2001:db8:0:1::1")) },
		func() Decision { return l.AllowAddress(addr("2001:db8:0:2::1")) },
	}
	for i, f := range first {
		if !f().Allowed {
			t.Fatalf("request %d: the first of its bucket refused", i)
		}
	}
	again := []func() Decision{
		func() Decision { return l.AllowKey("a") },
		func() Decision { return l.AllowAddress(addr("::ffff:192.0.2.1")) },
		func() Decision { return l.AllowAddress(addr("2001:db8:0:1:ffff::9")) },
	}
	for i, f := range again {
		if d := f(); d.Allowed {
			t.Fatalf("request %d: a second request in the same bucket allowed", i)
		}
	}
	if d := l.AllowAddress(addr("192.0.2.9")); !d.Allowed || d.Policy.Name != PolicyAddress {
		t.Fatalf("a new address: %+v", d)
	}
	if l.Len() != 8 {
		t.Fatalf("%d buckets, want 8", l.Len())
	}
}

// TestBounded: never more than MaxBuckets; the least recently used goes.
func TestBounded(t *testing.T) {
	l, _ := newLimiter(t, Config{Rate: 1, Burst: 1, MaxBuckets: 2})
	l.AllowKey("a")
	l.AllowKey("b")
	l.AllowKey("a") // refused, but a is now the most recently used
	l.AllowKey("c") // evicts b
	if l.Len() != 2 {
		t.Fatalf("%d buckets, want 2", l.Len())
	}
	if l.AllowKey("a").Allowed {
		t.Fatal("a lost its bucket, not b")
	}
	if !l.AllowKey("b").Allowed {
		t.Fatal("b was not evicted")
	}
}

// TestIdleDropped: a bucket idle long enough to be full again is dropped
// by a later decision, and its client then starts full, as it would have.
func TestIdleDropped(t *testing.T) {
	l, c := newLimiter(t, Config{Rate: 2, Burst: 4})
	for i := range 10 {
		l.AllowKey(string(rune('a' + i)))
	}
	c.advance(1999 * time.Millisecond)
	l.AllowKey("z")
	if l.Len() != 11 {
		t.Fatalf("%d buckets before they are full, want 11", l.Len())
	}
	c.advance(time.Millisecond)
	l.AllowKey("z")
	if l.Len() != 11-sweepPerDecision {
		t.Fatalf("%d buckets, want %d: %d idle ones dropped per decision", l.Len(), 11-sweepPerDecision, sweepPerDecision)
	}
	l.AllowKey("z")
	l.AllowKey("z")
	if l.Len() != 1 {
		t.Fatalf("%d buckets, want only z's", l.Len())
	}
	if d := l.AllowKey("a"); !d.Allowed || d.Remaining != 3 {
		t.Fatalf("a dropped client: %+v, want a full bucket", d)
	}
}

// TestConcurrent: at one instant, a burst of four is four requests
// whatever the number of goroutines asking.
func TestConcurrent(t *testing.T) {
	l, _ := newLimiter(t, Config{Rate: 1, Burst: 4})
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 64 {
		wg.Go(func() {
			if l.AllowKey("k").Allowed {
				mu.Lock()
				allowed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if allowed != 4 {
		t.Fatalf("%d allowed, want 4", allowed)
	}
}

func TestValidate(t *testing.T) {
	for _, cfg := range []Config{{}, {Rate: -1}, {Rate: 1, Burst: -1}, {Rate: 1, MaxBuckets: -1}} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
}
