package ratelimit_test

import (
	"fmt"
	"net/netip"

	"github.com/txstream/txstream/edge/ratelimit"
)

func ExampleLimiter_AllowKey() {
	l, _ := ratelimit.New(ratelimit.Config{Rate: 1, Burst: 2})
	for range 3 {
		d := l.AllowKey("ingest-eu")
		fmt.Println(d.Allowed, d.RateLimitPolicy(), d.RateLimit(), d.RetryAfter())
	}
	d := l.AllowAddress(netip.MustParseAddr("192.0.2.7"))
	fmt.Println(d.Allowed, d.RateLimit())
	// Output:
	// true "per-key";q=2;w=2 "per-key";r=1;t=1 0
	// true "per-key";q=2;w=2 "per-key";r=0;t=1 0
	// false "per-key";q=2;w=2 "per-key";r=0;t=1 1
	// true "per-address";r=1;t=1
}
