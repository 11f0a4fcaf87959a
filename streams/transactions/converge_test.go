package transactions_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
)

// TestRedeliveryRewritesTable: goka writes the processor's local table
// before the changelog record reaches Kafka, so after a kill -9 the local
// store can hold a version the changelog (and every view of it) never got.
// The redelivered input must then write the value again, not only re-emit
// the events, or the views stay behind the status log for good.
func TestRedeliveryRewritesTable(t *testing.T) {
	tests := []struct {
		name      string
		first     func(h *harness)
		redeliver func(h *harness)
	}{
		{
			name:      "request of a completed transaction",
			first:     func(h *harness) { h.request("t1", valid(h.t, "t1", "10", "USD", "")) },
			redeliver: func(h *harness) { h.request("t1", valid(h.t, "t1", "10", "USD", "")) },
		},
		{
			name:      "request of a converting transaction",
			first:     func(h *harness) { h.request("t1", valid(h.t, "t1", "10", "USD", "EUR")) },
			redeliver: func(h *harness) { h.request("t1", valid(h.t, "t1", "10", "USD", "EUR")) },
		},
		{
			name: "conversion result of a completed conversion",
			first: func(h *harness) {
				h.request("t1", valid(h.t, "t1", "10", "USD", "EUR"))
				h.result(resultFor(h.emittedConversions()[0], domain.StatusCompleted, ""))
			},
			redeliver: func(h *harness) {
				tx := h.mustTx("t1")
				h.result(*tx.Conversion)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t)
			changelog := h.tt.NewQueueTracker(string(goka.GroupTable(goka.Group(h.cfg.Groups.Transactions))))
			tc.first(h)
			want := h.mustTx("t1")
			drain(changelog)

			h.clock.Advance(time.Hour)
			tc.redeliver(h)

			_, v, ok := changelog.Next()
			if !ok {
				t.Fatalf("redelivery wrote nothing to the changelog; the views would keep an older version than the local store")
			}
			if got := *v.(*domain.Transaction); !reflect.DeepEqual(got, want) {
				t.Errorf("changelog got\n%+v\nwant the value in force\n%+v", got, want)
			}
		})
	}
}

func drain(q interface {
	Next() (string, any, bool)
}) {
	for {
		if _, _, ok := q.Next(); !ok {
			return
		}
	}
}
