package rates

import (
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestRefusedRatesAreDeadLettered: every rate record the processor drops
// reaches the dead-letter topic as it came, with the reason, and the table
// stays as it was.
func TestRefusedRatesAreDeadLettered(t *testing.T) {
	for _, tc := range []testenv.DeadLetterCase{
		{Name: "tombstone", Key: "USD", Reason: streams.ReasonTombstone},
		{Name: "key that is no currency code", Key: "us dollar", Reason: streams.ReasonInvalidKey,
			Raw: []byte(`{"schema":1,"currency":"us dollar","rate":"1.1","date":"2024-06-28"}`)},
		{Name: "not JSON", Key: "USD", Raw: []byte("USD=1.1"), Reason: streams.ReasonMalformed},
		{Name: "newer schema", Key: "USD", Reason: streams.ReasonUnknownSchema,
			Raw: []byte(`{"schema":99,"currency":"USD","rate":"1.1","date":"2024-06-28"}`)},
		{Name: "currency that is not the key", Key: "JPY", Reason: streams.ReasonMalformed,
			Raw: []byte(`{"schema":1,"currency":"USD","rate":"1.1","date":"2024-06-28"}`)},
	} {
		t.Run(tc.Name, func(t *testing.T) {
			tp := startTestProcessor(t)
			letters := tp.tt.NewQueueTracker(tp.cfg.Topics.DeadLetter)
			tp.consumeRaw(t, tc.Key, tc.Raw)
			headers := testenv.CheckDeadLetter(t, letters, tc)
			if got := string(headers[streams.HeaderDLQGroup]); got != tp.cfg.Groups.Rates {
				t.Errorf("group %q, want %q", got, tp.cfg.Groups.Rates)
			}
			if n := tp.obs.Count("dead_letter/" + string(tc.Reason)); n != 1 {
				t.Errorf("%d dead letters of reason %s observed, want 1", n, tc.Reason)
			}
			if keys := tp.tt.GetTableKeys(tp.table); len(keys) != 0 {
				t.Errorf("table keys %v, want none", keys)
			}
		})
	}
}
