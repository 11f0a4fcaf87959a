package statuslog

import (
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestRefusedEventsAreDeadLettered: a status event the processor cannot
// apply reaches the dead-letter topic as it came, and no log changes.
func TestRefusedEventsAreDeadLettered(t *testing.T) {
	for _, tc := range []testenv.DeadLetterCase{
		{Name: "tombstone", Key: "t1", Reason: streams.ReasonTombstone},
		{Name: "key that is no id", Key: "no id!", Reason: streams.ReasonInvalidKey,
			Raw: []byte(`{"transaction_id":"no id!","version":1,"status":"received"}`)},
		{Name: "not JSON", Key: "t1", Raw: []byte("t1 received"), Reason: streams.ReasonMalformed},
		{Name: "another transaction's event", Key: "t1", Reason: streams.ReasonMalformed,
			Raw: []byte(`{"transaction_id":"t2","version":1,"status":"received"}`)},
	} {
		t.Run(tc.Name, func(t *testing.T) {
			tp := startTestProcessor(t)
			letters := tp.tt.NewQueueTracker(tp.cfg.Topics.DeadLetter)
			var value any // a nil []byte would be a value, not a tombstone
			if tc.Raw != nil {
				value = tc.Raw
			}
			tp.consume(tc.Key, value)
			testenv.CheckDeadLetter(t, letters, tc)
			if keys := tp.tt.GetTableKeys(tp.table); len(keys) != 0 {
				t.Errorf("table keys %v, want none", keys)
			}
		})
	}
}
