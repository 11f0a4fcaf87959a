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
			firstEvents, firstReqs := h.emittedStatuses(), h.emittedConversions()

			h.clock.Advance(time.Hour)
			h.request("t1", ev)

			if after := h.mustTx("t1"); !reflect.DeepEqual(after, before) {
				t.Errorf("table changed:\n%+v\nwas\n%+v", after, before)
			}
			if again := h.emittedStatuses(); !reflect.DeepEqual(again, firstEvents) {
				t.Errorf("re-emitted %+v, want the first emission %+v", again, firstEvents)
			}
			againReqs := h.emittedConversions()
			if !reflect.DeepEqual(againReqs, firstReqs) || (len(againReqs) == 1) != tc.convert {
				t.Errorf("re-emitted conversion requests %+v, first %+v", againReqs, firstReqs)
			}
			want := counts{Processed: 2, Transitions: len(firstEvents), Duplicates: 1}
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
			h.emittedStatuses()
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
			if evs, reqs := h.emittedStatuses(), h.emittedConversions(); len(evs)+len(reqs) != 0 {
				t.Errorf("conflict emitted %+v %+v", evs, reqs)
			}
			after := h.obs.counts()
			if after.Conflicts != len(tc.others) || after.Transitions != before.Transitions {
				t.Errorf("observer %+v after %+v, want %d conflicts and no transition", after, before, len(tc.others))
			}
		})
	}
}
