// Package ratelimit is the per-key rate limit of issue 13 (--rate-limit):
// a token bucket per API key name, and per client address block for
// anonymous requests, from golang.org/x/time/rate, and the answer for
// each request rendered as the IETF RateLimit header fields.
//
// It owns the buckets, how many are kept and which go (limiter.go), how
// anonymous clients are grouped (an IPv4 address, an IPv6 /64:
// partition.go), and the header values (policy.go, decision.go) as
// draft-ietf-httpapi-ratelimit-headers-11 specifies them:
//
//	RateLimit-Policy: "per-key";q=20;w=2
//	RateLimit: "per-key";r=5;t=1
//	Retry-After: 1          (on a refusal only; t then has the same value)
//
// It may not touch HTTP or authentication: the edge asks AllowKey with
// the principal's name (edge/auth), or AllowAddress with the client's
// address, sets the fields a Decision renders, and answers 429 through
// its own catalog when Allowed is false. It reads no flag and registers
// no metric.
//
// State: a Limiter's buckets, in one map and one least-recently-used
// list under one mutex, held for the length of one decision; there is no
// goroutine.
package ratelimit
