package transactions_test

import (
	"testing"

	"github.com/txstream/txstream/streams"
)

// TestTombstoneIsCounted is the last part of finding 3 of issue 12: a
// tombstone on an input topic vanished without being counted (goka drops
// nil values before the callback unless told otherwise).
func TestTombstoneIsCounted(t *testing.T) {
	h := start(t)
	for _, topic := range []string{h.cfg.Topics.Transactions, h.cfg.Topics.ConversionResults} {
		before := h.obs.counts()
		h.raw(topic, "tx-tombstone", nil)
		if got, want := diff(h.obs.counts(), before), (counts{Processed: 1, DeadLetters: 1}); got != want {
			t.Errorf("tombstone on %s: %+v, want %+v", topic, got, want)
		}
		letters := h.emittedDeadLetters()
		if len(letters) != 1 || letters[0].key != "tx-tombstone" || letters[0].value != nil ||
			string(letters[0].headers[streams.HeaderDLQReason]) != string(streams.ReasonTombstone) ||
			string(letters[0].headers[streams.HeaderDLQTopic]) != topic {
			t.Errorf("tombstone on %s: dead letters %+v, want one tombstone", topic, letters)
		}
	}
	if tx := h.tx("tx-tombstone"); tx != nil {
		t.Errorf("a tombstone recorded %+v", *tx)
	}
}
