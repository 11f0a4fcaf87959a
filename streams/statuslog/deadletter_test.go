package statuslog

import (
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestRefusedRecordsAreDeadLettered: a transactions-table record that
// decodes but that the log cannot apply reaches the dead-letter topic as it
// came, and no log changes.
func TestRefusedRecordsAreDeadLettered(t *testing.T) {
	for _, tc := range []testenv.DeadLetterCase{
		{Name: "key that is no id", Key: "no id!", Reason: streams.ReasonInvalidKey,
			Raw: []byte(`{"id":"no id!","version":1,"history":[{"version":1,"status":"received"}]}`)},
		{Name: "another transaction's record", Key: "t1", Reason: streams.ReasonMalformed,
			Raw: []byte(`{"id":"t2","version":1,"history":[{"version":1,"status":"received"}]}`)},
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

// TestOwnersRecordsAreOnlyCounted: what the transactions processor's table
// guard dead-letters (a value no reader can decode, a record on another
// partition) and a tombstone are counted and logged here, not dead-lettered
// a second time, and no log changes.
func TestOwnersRecordsAreOnlyCounted(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
	}{
		{name: "tombstone"},
		{name: "not JSON", value: []byte("t1 received")},
		{name: "newer schema", value: []byte(`{"schema":99,"id":"t1","version":1,"history":[{"version":1,"status":"received"}]}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tp := startTestProcessor(t)
			letters := tp.tt.NewQueueTracker(tp.cfg.Topics.DeadLetter)
			tp.consume("t1", tc.value)
			if _, _, ok := letters.Next(); ok {
				t.Error("dead-lettered; the table's owner does that")
			}
			if got := tp.obs.Count("malformed"); got != 1 {
				t.Errorf("malformed = %d, want 1", got)
			}
			if keys := tp.tt.GetTableKeys(tp.table); len(keys) != 0 {
				t.Errorf("table keys %v, want none", keys)
			}
		})
	}
}
