package transactions_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// startConverting starts transaction t1 in converting and returns the conversion
// request it emitted.
func startConverting(t *testing.T, h *harness) domain.ConversionRequest {
	t.Helper()
	h.request("t1", valid(t, "t1", "10.50", "USD", "EUR"))
	reqs := h.emittedConversions()
	if len(reqs) != 1 {
		t.Fatalf("%d conversion requests, want 1", len(reqs))
	}
	h.written()
	return reqs[0]
}

// TestConversionResult answers a converting transaction.
func TestConversionResult(t *testing.T) {
	tests := []struct {
		name   string
		status domain.Status
		reason domain.Reason
	}{
		{name: "completed", status: domain.StatusCompleted},
		{name: "failed no_rate", status: domain.StatusFailed, reason: domain.ReasonNoRate},
		{name: "failed invalid_currency", status: domain.StatusFailed, reason: domain.ReasonInvalidCurrency},
		{name: "failed conflict", status: domain.StatusFailed, reason: domain.ReasonConflict},
		{name: "failed overflow", status: domain.StatusFailed, reason: domain.ReasonOverflow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t)
			req := startConverting(t, h)
			h.clock.Advance(time.Second)
			res := resultFor(req, tc.status, tc.reason)
			h.result(res)

			tx := h.mustTx("t1")
			want := []step{received, converting, {3, tc.status, tc.reason}}
			if got := historySteps(tx); !reflect.DeepEqual(got, want) {
				t.Errorf("history %v, want %v", got, want)
			}
			if tx.Status != tc.status || tx.Reason != tc.reason || tx.Version != 3 {
				t.Errorf("record v%d %s %q", tx.Version, tx.Status, tx.Reason)
			}
			if tx.Conversion == nil || !reflect.DeepEqual(*tx.Conversion, res) {
				t.Errorf("conversion %+v, want %+v", tx.Conversion, res)
			}
			if at := t0.Add(time.Second); !tx.UpdatedAt.Equal(at) || !tx.History[2].At.Equal(at) {
				t.Errorf("updated %s, change at %s, want %s", tx.UpdatedAt, tx.History[2].At, at)
			}
			if writes := h.written(); len(writes) != 1 || !reflect.DeepEqual(writes[0], tx) {
				t.Errorf("table writes %+v, want the record once", writes)
			}
			if reqs := h.emittedConversions(); len(reqs) != 0 {
				t.Errorf("conversion requests %+v, want none", reqs)
			}
			if want, got := (counts{Processed: 2, Transitions: 3}), h.obs.counts(); got != want {
				t.Errorf("observer %+v, want %+v", got, want)
			}
		})
	}
}

// TestResultChangesNothing delivers results that must not move the
// transaction: a redelivery, a stale or foreign result, a result for an id
// without a pending conversion, and values that are no usable result.
func TestResultChangesNothing(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, h *harness) // returns nothing; leaves t1 in some state
		result func(req domain.ConversionRequest) domain.Conversion
		raw    []byte // delivered instead of result when set
		emits  []step // history of the value the delivery writes again
		counts counts // observer calls of the delivery
	}{
		{
			name: "result arriving twice",
			setup: func(t *testing.T, h *harness) {
				h.result(resultFor(startConverting(t, h), domain.StatusCompleted, ""))
			},
			result: func(req domain.ConversionRequest) domain.Conversion {
				return resultFor(req, domain.StatusCompleted, "")
			},
			emits:  []step{received, converting, {3, domain.StatusCompleted, ""}},
			counts: counts{Processed: 1, Duplicates: 1},
		},
		{
			name: "failed result arriving twice",
			setup: func(t *testing.T, h *harness) {
				h.result(resultFor(startConverting(t, h), domain.StatusFailed, domain.ReasonNoRate))
			},
			result: func(req domain.ConversionRequest) domain.Conversion {
				return resultFor(req, domain.StatusFailed, domain.ReasonNoRate)
			},
			emits:  []step{received, converting, failed(3, domain.ReasonNoRate)},
			counts: counts{Processed: 1, Duplicates: 1},
		},
		{
			name:  "fingerprint of another request",
			setup: func(t *testing.T, h *harness) { startConverting(t, h) },
			result: func(req domain.ConversionRequest) domain.Conversion {
				res := resultFor(req, domain.StatusCompleted, "")
				res.Fingerprint = domain.ConversionFor(domain.Transaction{ID: "t1", Amount: "99.00", Currency: "USD", TargetCurrency: "EUR"}, t0).Fingerprint
				return res
			},
			counts: counts{Processed: 1, Duplicates: 1},
		},
		{
			name: "stale result after a newer outcome",
			setup: func(t *testing.T, h *harness) {
				h.result(resultFor(startConverting(t, h), domain.StatusFailed, domain.ReasonNoRate))
			},
			result: func(req domain.ConversionRequest) domain.Conversion {
				res := resultFor(req, domain.StatusCompleted, "")
				res.Fingerprint = "0123456789abcdef0123456789abcdef"
				return res
			},
			counts: counts{Processed: 1, Duplicates: 1},
		},
		{
			name:  "transaction that never converted",
			setup: func(t *testing.T, h *harness) { h.request("t1", valid(t, "t1", "10.50", "USD", "")) },
			result: func(domain.ConversionRequest) domain.Conversion {
				tx := domain.Transaction{ID: "t1", Amount: "10.50", Currency: "USD"}
				return resultFor(domain.ConversionFor(tx, t0), domain.StatusCompleted, "")
			},
			counts: counts{Processed: 1, Duplicates: 1},
		},
		{
			name:  "unknown transaction",
			setup: func(*testing.T, *harness) {},
			result: func(domain.ConversionRequest) domain.Conversion {
				tx := domain.Transaction{ID: "t1", Amount: "10.50", Currency: "USD", TargetCurrency: "EUR"}
				return resultFor(domain.ConversionFor(tx, t0), domain.StatusCompleted, "")
			},
			counts: counts{Processed: 1, Duplicates: 1},
		},
		{
			name:  "status that is no outcome",
			setup: func(t *testing.T, h *harness) { startConverting(t, h) },
			result: func(req domain.ConversionRequest) domain.Conversion {
				res := resultFor(req, domain.StatusCompleted, "")
				res.Status = domain.StatusConverting
				return res
			},
			counts: counts{Processed: 1, Malformed: 1, DeadLetters: 1},
		},
		{
			name:  "failed without a reason",
			setup: func(t *testing.T, h *harness) { startConverting(t, h) },
			result: func(req domain.ConversionRequest) domain.Conversion {
				return resultFor(req, domain.StatusFailed, "")
			},
			counts: counts{Processed: 1, Malformed: 1, DeadLetters: 1},
		},
		{
			name:   "undecodable value",
			setup:  func(t *testing.T, h *harness) { startConverting(t, h) },
			raw:    []byte(`{'converted_value': 'example_value'}`),
			counts: counts{Processed: 1, Malformed: 1, DeadLetters: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t)
			tc.setup(t, h)
			original := h.tx("t1")
			h.written()
			h.emittedConversions()
			before := h.obs.counts()
			h.clock.Advance(time.Hour)

			if tc.raw != nil {
				h.raw(h.cfg.Topics.ConversionResults, "t1", tc.raw)
			} else {
				var req domain.ConversionRequest
				if original != nil {
					req = domain.ConversionFor(*original, t0)
				}
				h.result(tc.result(req))
			}

			if got := h.tx("t1"); !reflect.DeepEqual(got, original) {
				t.Errorf("table changed:\n%+v\nwas\n%+v", got, original)
			}
			if got := h.writtenSteps(); !reflect.DeepEqual(got, nonNil(tc.emits)) {
				t.Errorf("wrote histories %v, want %v", got, tc.emits)
			}
			if reqs := h.emittedConversions(); len(reqs) != 0 {
				t.Errorf("conversion requests %+v, want none", reqs)
			}
			if got := diff(h.obs.counts(), before); got != tc.counts {
				t.Errorf("observer %+v, want %+v", got, tc.counts)
			}
		})
	}
}

func nonNil(s []step) []step {
	if s == nil {
		return []step{}
	}
	return s
}
