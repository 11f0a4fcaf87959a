package ratelimit

import (
	"math"
	"strconv"
	"time"
)

// Decision is the answer for one request: whether it may go on, and what
// to tell the client either way.
type Decision struct {
	Allowed bool
	Policy  Policy
	// Remaining is the whole requests left in the bucket after this one.
	Remaining int
	// Wait is how long until the bucket holds one more whole request: on
	// a refusal, how long until a retry is allowed.
	Wait time.Duration
}

// RetryAfter is the Retry-After value of a refusal in delay-seconds,
// rounded up so that a client retrying then is allowed; 0 when allowed.
func (d Decision) RetryAfter() int {
	if d.Allowed {
		return 0
	}
	return ceilSeconds(d.Wait)
}

// RateLimit is the RateLimit field value (draft-11 §4): the policy's name,
// r the requests left and t the effective window, for example
//
//	"per-key";r=5;t=1
//
// t is Wait in whole seconds, rounded up: the time within which no more
// than r requests will be allowed. On a refusal it is the same number as
// Retry-After, which §6 asks not to precede the end of the effective
// window. A full-bucket "reset" time is not what draft-11's t means (that
// was drafts 00 to 07's RateLimit-Reset), and would be later than
// Retry-After on a 429.
func (d Decision) RateLimit() string { return string(d.AppendRateLimit(nil)) }

// AppendRateLimit appends RateLimit's value to dst: the request path
// writes it into the answer without a string per request.
func (d Decision) AppendRateLimit(dst []byte) []byte {
	dst = appendSFString(dst, d.Policy.Name)
	dst = append(dst, ";r="...)
	dst = strconv.AppendInt(dst, int64(d.Remaining), 10)
	dst = append(dst, ";t="...)
	return strconv.AppendInt(dst, int64(ceilSeconds(d.Wait)), 10)
}

// RateLimitPolicy is the RateLimit-Policy field value of the decision's
// policy.
func (d Decision) RateLimitPolicy() string { return d.Policy.Header() }

// AppendRateLimitPolicy appends RateLimitPolicy's value to dst.
func (d Decision) AppendRateLimitPolicy(dst []byte) []byte { return d.Policy.AppendHeader(dst) }

// ceilSeconds rounds up to whole seconds, at least 1: a wait of a few
// milliseconds is still a wait, and delay-seconds has no fraction.
func ceilSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}
