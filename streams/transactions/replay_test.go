package transactions_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// TestRedelivery delivers the same request twice, later, and checks that the
// table and versions stay and that the outputs of the current state are
// emitted again, identical to the first time.
func TestRedelivery(t *testing.T) {
	tests := []struct {
		name    string
		ev      func(t *testing.T) domain.TransactionRequested
		convert bool
	}{
		{name: "completed", ev: func(t *testing.T) domain.TransactionRequested { return valid(t, "t1", "10", "USD", "") }},
		{name: "converting", ev: func(t *testing.T) domain.TransactionRequested { return valid(t, "t1", "10", "USD", "EUR") }, convert: true},
		{name: "refused, no fingerprint", ev: invalid("0", "USD", "")},
		{
			name: "foreign producer then edge",
			ev: func(*testing.T) domain.TransactionRequested {
				return domain.TransactionRequested{ID: "t1", Amount: "10.5", Currency: "USD"}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t)
			ev := tc.ev(t)
			h.request("t1", ev)
			before := h.mustTx("t1")
			firstSteps, firstReqs := h.writtenSteps(), h.emittedConversions()

			h.clock.Advance(time.Hour)
			h.request("t1", ev)

			if after := h.mustTx("t1"); !reflect.DeepEqual(after, before) {
				t.Errorf("table changed:\n%+v\nwas\n%+v", after, before)
			}
			if again := h.writtenSteps(); !reflect.DeepEqual(again, firstSteps) {
				t.Errorf("wrote again %+v, want the first value's history %+v", again, firstSteps)
			}
			againReqs := h.emittedConversions()
			if !reflect.DeepEqual(againReqs, firstReqs) || (len(againReqs) == 1) != tc.convert {
				t.Errorf("re-emitted conversion requests %+v, first %+v", againReqs, firstReqs)
			}
			want := counts{Processed: 2, Transitions: len(firstSteps), Duplicates: 1}
			if got := h.obs.counts(); got != want {
				t.Errorf("observer %+v, want %+v", got, want)
			}
		})
	}
}

// TestEdgeAfterForeignProducer: a request without fingerprint gets the
// computed one, so the edge's event for the same body is a redelivery.
func TestEdgeAfterForeignProducer(t *testing.T) {
	h := start(t)
	h.request("t1", domain.TransactionRequested{ID: "t1", Amount: "10.5", Currency: "USD"})
	h.request("t1", valid(t, "t1", "10.50", "USD", ""))
	if got := h.obs.counts(); got.Duplicates != 1 || got.Conflicts != 0 {
		t.Errorf("observer %+v, want one duplicate and no conflict", got)
	}
}

// TestConflict reuses an id with other bodies: the original stays, only its
// conflict counter grows, and nothing is emitted.
func TestConflict(t *testing.T) {
	tests := []struct {
		name   string
		first  func(h *harness)
		others []domain.TransactionRequested
	}{
		{
			name:   "other amount",
			first:  func(h *harness) { h.request("t1", valid(h.t, "t1", "10", "USD", "")) },
			others: []domain.TransactionRequested{valid(t, "t1", "11", "USD", "")},
		},
		{
			name:   "other target, twice",
			first:  func(h *harness) { h.request("t1", valid(h.t, "t1", "10", "USD", "EUR")) },
			others: []domain.TransactionRequested{valid(t, "t1", "10", "USD", "GBP"), valid(t, "t1", "10", "USD", "")},
		},
		{
			name:   "valid request after a malformed one",
			first:  func(h *harness) { h.raw(h.cfg.Topics.Transactions, "t1", []byte(`{'id': 't1'}`)) },
			others: []domain.TransactionRequested{valid(t, "t1", "10", "USD", "")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t)
			tc.first(h)
			original := h.mustTx("t1")
			h.written()
			h.emittedConversions()
			before := h.obs.counts()

			for _, ev := range tc.others {
				h.clock.Advance(time.Minute)
				h.request("t1", ev)
			}

			got := h.mustTx("t1")
			if got.Conflicts != int64(len(tc.others)) {
				t.Errorf("conflicts %d, want %d", got.Conflicts, len(tc.others))
			}
			got.Conflicts = 0
			if !reflect.DeepEqual(got, original) {
				t.Errorf("original changed:\n%+v\nwas\n%+v", got, original)
			}
			if reqs := h.emittedConversions(); len(reqs) != 0 {
				t.Errorf("conflict emitted %+v", reqs)
			}
			// Each conflict writes its counter; the history, which the
			// status log reads, stays the original's.
			writes := h.written()
			for _, w := range writes {
				if !reflect.DeepEqual(w.History, original.History) {
					t.Errorf("conflict wrote history %+v, want %+v", w.History, original.History)
				}
			}
			if len(writes) != len(tc.others) {
				t.Errorf("%d table writes, want one per conflict (%d)", len(writes), len(tc.others))
			}
			after := h.obs.counts()
			if after.Conflicts != len(tc.others) || after.Transitions != before.Transitions {
				t.Errorf("observer %+v after %+v, want %d conflicts and no transition", after, before, len(tc.others))
			}
		})
	}
}
