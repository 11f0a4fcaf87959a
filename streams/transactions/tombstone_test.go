package transactions_test

import "testing"

// TestTombstoneIsCounted is the last part of finding 3 of issue 12: a
// tombstone on an input topic vanished without being counted (goka drops
// nil values before the callback unless told otherwise).
func TestTombstoneIsCounted(t *testing.T) {
	h := start(t)
	for _, topic := range []string{h.cfg.Topics.Transactions, h.cfg.Topics.ConversionResults} {
		before := h.obs.counts()
		h.raw(topic, "tx-tombstone", nil)
		if got := diff(h.obs.counts(), before); got.Processed != 1 {
			t.Errorf("tombstone on %s: %+v, want it processed", topic, got)
		}
	}
	if tx := h.tx("tx-tombstone"); tx != nil {
		t.Errorf("a tombstone recorded %+v", *tx)
	}
}
