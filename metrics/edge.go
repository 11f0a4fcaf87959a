package metrics

import (
	"errors"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/cache"
)

// Edge turns the HTTP services' and the cache's hooks into the HTTP and
// cache families. It implements edge.Observer and cache.Observer; one
// value serves all three services, told apart by the service label.
type Edge struct {
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	inFlight   *prometheus.GaugeVec
	overloaded *prometheus.CounterVec
	denied     *prometheus.CounterVec
	batchSize  *prometheus.HistogramVec
	batchItems *prometheus.CounterVec
	lookups    *prometheus.CounterVec
	fills      *prometheus.CounterVec
	cacheErrs  prometheus.Counter
	distrusts  prometheus.Counter
	cacheCmds  *prometheus.HistogramVec
}

var (
	_ edge.Observer  = (*Edge)(nil)
	_ cache.Observer = (*Edge)(nil)
)

// The closed vocabularies of the edge's labels, from the edge's constants.
var (
	services      = vocabulary(words(edge.Services())...)
	denyReasons   = vocabulary(words(edge.DenyReasons())...)
	cacheLookups  = []string{string(cache.EventHit), string(cache.EventMiss), string(cache.EventFallback)}
	cacheFills    = []string{fillWritten, string(cache.EventStaleRefused)}
	cacheCommands = vocabulary("get", "set")
	batchResults  = []string{batchCreated, batchReplayed, batchRefused}
)

// The result labels of txstream_http_batch_items_total.
const (
	batchCreated  = "created"
	batchReplayed = "replayed"
	batchRefused  = "refused"
)

// batchBuckets are items per batch, up to the default --max-batch.
var batchBuckets = []float64{1, 10, 50, 100, 250, 500, 1000}

// fillWritten is the result label of cache.EventFill: a version written.
const fillWritten = "written"

// NewEdge registers the HTTP and cache families on reg.
func NewEdge(reg prometheus.Registerer) (*Edge, error) {
	e := &Edge{
		requests: counterVec("http_requests_total",
			"HTTP requests answered, by service, method, route template and status code.", "service", "method", "route", "code"),
		duration: histogramVec("http_request_duration_seconds",
			"Time from reading a request to answering it, by service, method and route template (long polls included).",
			latencyBuckets, "service", "method", "route"),
		inFlight: gaugeVec("http_requests_in_flight",
			"Requests being handled now, by service.", "service"),
		overloaded: counterVec("http_overload_rejections_total",
			"Requests refused with 503 because of a capacity limit (the edge's or the actors'), by service and route.", "service", "route"),
		denied: counterVec("http_denied_total",
			"Requests refused by the access checks, by service and reason: no_credentials, bad_credentials (401), scope (403), rate_limited (429).",
			"service", "reason"),
		batchSize: histogramVec("http_batch_items",
			"Items per POST /transactions/batch answered 200, by service.", batchBuckets, "service"),
		batchItems: counterVec("http_batch_items_total",
			"Items of POST /transactions/batch, by service and result: created (201), replayed (201, seen before with the same body), refused (any other status of the item).",
			"service", "result"),
		lookups: counterVec("cache_lookups_total",
			"Reads of GET /transactions/{id}, by result: hit (Redis), miss (table, then fill), fallback (table, Redis failing or backing off).", "result"),
		fills: counterVec("cache_fills_total",
			"Versioned writes to Redis, by result: written (a version, or another encoding of the one Redis held), or stale_refused when Redis already held a newer version.", "result"),
		cacheErrs: prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Name: "cache_errors_total",
			Help: "Redis commands that failed or timed out."}),
		distrusts: prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Name: "cache_distrusts_total",
			Help: "Refreshes of a changed transaction that did not reach Redis (queue full, Redis failing or backing off, shutdown); after each, no cached entry is served for one TTL."}),
		cacheCmds: histogramVec("cache_command_duration_seconds",
			"Time of the cache's Redis commands, by command (get, set), failed ones included.", cacheBuckets, "command"),
	}
	if err := e.atZero(); err != nil {
		return nil, err
	}
	err := register(reg, e.requests, e.duration, e.inFlight, e.overloaded, e.denied, e.batchSize, e.batchItems, e.lookups, e.fills, e.cacheErrs, e.distrusts, e.cacheCmds)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// atZero creates the series whose label values are known before the first
// request: all but those of the request families, whose method and status
// code are whatever clients send and the services answer.
func (e *Edge) atZero() error {
	routes, err := limitedRoutes()
	if err != nil {
		return err
	}
	errs := []error{
		atZero(e.inFlight.MetricVec, services.values),
		atZero(e.denied.MetricVec, services.values, denyReasons.values),
		atZero(e.batchItems.MetricVec, []string{string(edge.ServiceTransaction)}, batchResults),
		atZero(e.batchSize.MetricVec, []string{string(edge.ServiceTransaction)}),
		atZero(e.lookups.MetricVec, cacheLookups),
		atZero(e.fills.MetricVec, cacheFills),
		atZero(e.cacheCmds.MetricVec, cacheCommands.values),
	}
	for svc, rs := range routes {
		errs = append(errs, atZero(e.overloaded.MetricVec, []string{string(svc)}, rs))
	}
	return errors.Join(errs...)
}

// Request counts and times one answered request.
func (e *Edge) Request(service edge.Service, method, route string, status int, elapsed time.Duration) {
	s := services.label(string(service))
	e.requests.WithLabelValues(s, method, route, strconv.Itoa(status)).Inc()
	e.duration.WithLabelValues(s, method, route).Observe(elapsed.Seconds())
}

// InFlight moves the in-flight gauge of service by delta.
func (e *Edge) InFlight(service edge.Service, delta int) {
	e.inFlight.WithLabelValues(services.label(string(service))).Add(float64(delta))
}

// Overloaded counts a request refused for capacity.
func (e *Edge) Overloaded(service edge.Service, route string) {
	e.overloaded.WithLabelValues(services.label(string(service)), route).Inc()
}

// Denied counts a request refused by the access checks.
func (e *Edge) Denied(service edge.Service, reason edge.DenyReason) {
	e.denied.WithLabelValues(services.label(string(service)), denyReasons.label(string(reason))).Inc()
}

// Batch counts the items of one batch by result, and its size.
func (e *Edge) Batch(service edge.Service, n edge.BatchCounts) {
	s := services.label(string(service))
	e.batchSize.WithLabelValues(s).Observe(float64(n.Items()))
	e.batchItems.WithLabelValues(s, batchCreated).Add(float64(n.Created))
	e.batchItems.WithLabelValues(s, batchReplayed).Add(float64(n.Replayed))
	e.batchItems.WithLabelValues(s, batchRefused).Add(float64(n.Refused))
}

// Cache counts one cache event in its family.
func (e *Edge) Cache(ev cache.Event) {
	switch ev {
	case cache.EventHit, cache.EventMiss, cache.EventFallback:
		e.lookups.WithLabelValues(string(ev)).Inc()
	case cache.EventFill:
		e.fills.WithLabelValues(fillWritten).Inc()
	case cache.EventStaleRefused:
		e.fills.WithLabelValues(string(ev)).Inc()
	case cache.EventError:
		e.cacheErrs.Inc()
	case cache.EventDistrust:
		e.distrusts.Inc()
	}
}

// CacheCommand times one Redis command of the cache.
func (e *Edge) CacheCommand(command string, elapsed time.Duration) {
	e.cacheCmds.WithLabelValues(cacheCommands.label(command)).Observe(elapsed.Seconds())
}

// cacheBuckets span a loopback round trip up to the cache timeout (100ms).
var cacheBuckets = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25}
