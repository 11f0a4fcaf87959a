package webhooks

import "time"

// Attempt results, the result label of the attempts metric.
const (
	ResultSuccess   = "success"    // a 2xx answer
	ResultHTTPError = "http_error" // another status (redirects included: they are not followed)
	ResultTimeout   = "timeout"    // no answer within the attempt timeout
	ResultRefused   = "refused"    // the SSRF guard refused the address
	ResultError     = "error"      // the connection failed otherwise
)

// Results lists the attempt results.
var Results = []string{ResultSuccess, ResultHTTPError, ResultTimeout, ResultRefused, ResultError}

// Delivery outcomes, the outcome label of the deliveries metric.
const (
	OutcomeDelivered = "delivered" // a 2xx answer was recorded
	OutcomeRetried   = "retried"   // an attempt failed; another is scheduled
	OutcomeFailed    = "failed"    // the last attempt failed: dead-lettered
	OutcomeDropped   = "dropped"   // the endpoint was deleted before delivery
)

// Outcomes lists the delivery outcomes.
var Outcomes = []string{OutcomeDelivered, OutcomeRetried, OutcomeFailed, OutcomeDropped}

// Observer is told what the webhooks group does; metrics implements it.
// Every method may be called from many goroutines at once.
type Observer interface {
	// Attempted: one HTTP attempt ended with result after d.
	Attempted(result string, d time.Duration)
	// Settled: the callback applied an outcome; for delivered, latency is
	// the time from the status change to the recorded success.
	Settled(outcome string, latency time.Duration)
	// Pending: the messages waiting in this process's dispatcher now.
	Pending(n int)
}

// NopObserver observes nothing.
type NopObserver struct{}

// Attempted does nothing.
func (NopObserver) Attempted(string, time.Duration) {}

// Settled does nothing.
func (NopObserver) Settled(string, time.Duration) {}

// Pending does nothing.
func (NopObserver) Pending(int) {}
