package edge

import "time"

// Service names one of the three HTTP services; it is the service label of
// every metric.
type Service string

// The three services.
const (
	ServiceTransaction Service = "transaction"
	ServiceConverter   Service = "converter"
	ServiceManager     Service = "manager"
)

// Services lists the three services.
func Services() []Service { return []Service{ServiceTransaction, ServiceConverter, ServiceManager} }

// RouteUnmatched is the route label of requests that matched no route, so
// that client-chosen paths never become label values.
const RouteUnmatched = "unmatched"

// Observer is told what the services do, so that metrics live beside the
// code they observe (the metrics package implements it on a registry that
// is passed in). Route labels are templates such as /transactions/{id},
// never raw paths. Methods must be safe for concurrent use and not block.
type Observer interface {
	// Request: one request answered with status after elapsed. method is
	// one of the standard methods or "OTHER".
	Request(service Service, method, route string, status int, elapsed time.Duration)
	// InFlight: delta is +1 when a request starts and -1 when it ends.
	InFlight(service Service, delta int)
	// Overloaded: a request refused with 503 because of a capacity limit,
	// the edge's own or the actors'.
	Overloaded(service Service, route string)
	// Denied: a request refused by the access checks (admit.go), for one
	// of the DenyReasons.
	Denied(service Service, reason DenyReason)
	// Batch: one POST /transactions/batch answered 200, with what became
	// of its items (Request counts the request itself, once).
	Batch(service Service, items BatchCounts)
}

// BatchCounts says what became of the items of one batch.
type BatchCounts struct {
	Created  int // 201, a new transaction
	Replayed int // 201, the id was accepted before with the same body
	Refused  int // any other status: 4xx of the item, or 409, 503, 504
}

// Items is the number of items of the batch.
func (c BatchCounts) Items() int { return c.Created + c.Replayed + c.Refused }

// DenyReason says why a request was refused access; a bounded label.
type DenyReason string

// The reasons of Observer.Denied.
const (
	DenyNoCredentials  DenyReason = "no_credentials"  // 401: no Authorization header
	DenyBadCredentials DenyReason = "bad_credentials" // 401: not a valid key
	DenyScope          DenyReason = "scope"           // 403: the key lacks the route's scope
	DenyRateLimited    DenyReason = "rate_limited"    // 429: over the rate limit
)

// DenyReasons lists every DenyReason.
func DenyReasons() []DenyReason {
	return []DenyReason{DenyNoCredentials, DenyBadCredentials, DenyScope, DenyRateLimited}
}

// NopObserver ignores everything; it is the default.
type NopObserver struct{}

func (NopObserver) Request(Service, string, string, int, time.Duration) {}
func (NopObserver) InFlight(Service, int)                               {}
func (NopObserver) Overloaded(Service, string)                          {}
func (NopObserver) Denied(Service, DenyReason)                          {}
func (NopObserver) Batch(Service, BatchCounts)                          {}
