package ratelimit

import (
	"math"
	"strconv"
)

// The header fields a decision is rendered into. RateLimit-Policy and
// RateLimit are those of draft-ietf-httpapi-ratelimit-headers-11 ("RateLimit
// header fields for HTTP", May 2026), the working group's latest when this
// was written; it replaced the RateLimit-Limit, -Remaining and -Reset
// fields of drafts 00 to 06, which are not sent.
const (
	HeaderPolicy     = "RateLimit-Policy"
	HeaderRateLimit  = "RateLimit"
	HeaderRetryAfter = "Retry-After"
)

// The policy names: one policy per kind of partition, so that a client
// can tell which of its identities it is spending.
const (
	PolicyKey     = "per-key"
	PolicyAddress = "per-address"
)

// Policy is a quota policy of draft-11 §3.1: Quota requests per Window
// seconds.
//
// A token bucket has no fixed window, so the policy states the bucket's
// size as the quota and the time an empty bucket takes to fill as the
// window, rounded up to whole seconds (§3.1.3 allows no fraction and no
// zero): a client that spends q requests every w seconds is never
// refused, and q/w is the rate, or a little under it where Burst/Rate is
// not whole.
type Policy struct {
	Name   string
	Quota  int // q
	Window int // w, in seconds
}

func newPolicy(name string, cfg Config) Policy {
	w := int(math.Ceil(float64(cfg.Burst) / cfg.Rate))
	return Policy{Name: name, Quota: cfg.Burst, Window: max(w, 1)}
}

// Header is the RateLimit-Policy field value, a one-member Structured
// Fields List (RFC 9651): the name as an sf-string, q and w as Integers,
// for example
//
//	"per-key";q=20;w=2
//
// The optional pk (partition key) is not sent: the partition is the
// client's own key or address, which it knows, and echoing a key's name
// or an address adds nothing but something to leak (draft-11 §8.2 on
// information disclosure, §9 on privacy). qu is left out: its default,
// requests, is what is counted.
func (p Policy) Header() string { return string(p.AppendHeader(nil)) }

// AppendHeader appends Header's value to dst.
func (p Policy) AppendHeader(dst []byte) []byte {
	dst = appendSFString(dst, p.Name)
	dst = append(dst, ";q="...)
	dst = strconv.AppendInt(dst, int64(p.Quota), 10)
	dst = append(dst, ";w="...)
	return strconv.AppendInt(dst, int64(p.Window), 10)
}

// appendSFString renders a policy name as a Structured Fields String. Names are
// this package's constants, printable ASCII without quotes or
// backslashes, so quoting is all it takes.
func appendSFString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
