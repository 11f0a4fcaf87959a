package main

// The edge end-to-end suite: the three services, the actors, the stream
// processors, the views and the status-log index, composed by the binary's
// own wiring inside the test process (e2eStack), over real TCP, against
// the embedded broker (or KAFKA_BROKERS) and a real redis-server. Each
// test starts a stack of its own (about half a second) so that faults stay
// within it.
//
// Files: edge_e2e_stack_test.go (the stack), edge_e2e_http_test.go (the
// client side), edge_e2e_kafka_test.go (reading topics, holding the
// broker's requests), edge_e2e_metrics_test.go, and one file per concern:
// routes, seed, idempotency, long poll, faults.

import (
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams/rates"
)

// sampleRates is the dev sample that the stack publishes, as a lookup for
// domain.Convert: the expectations are computed, not copied.
func sampleRates(t testing.TB) domain.RateLookup {
	t.Helper()
	sample, err := rates.Sample()
	if err != nil {
		t.Fatalf("sample rates: %v", err)
	}
	byCode := map[string]domain.Rate{}
	for _, r := range sample {
		byCode[r.Currency] = r
	}
	return func(code string) (domain.Rate, bool) {
		r, ok := byCode[code]
		return r, ok
	}
}

// quote is the conversion the stack must produce for amount from -> to.
func quote(t testing.TB, amount, from, to string, lookup domain.RateLookup) domain.Quote {
	t.Helper()
	q, err := domain.Convert(amount, from, to, lookup)
	if err != nil {
		t.Fatalf("expected conversion of %s %s to %s: %v", amount, from, to, err)
	}
	return q
}

// skipShort keeps -short runs quick: every test here starts a stack.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts brokers, Redis and every role in process; skipped with -short")
	}
}
