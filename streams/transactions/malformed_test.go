package transactions_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// seedValue is what the seed's Transaction Service wrote: str() of a Python
// dict, not JSON.
var seedValue = []byte(`{'id': '1', 'amount': 100}`)

// TestMalformedRequest delivers values that cannot be decoded.
func TestMalformedRequest(t *testing.T) {
	tests := []struct {
		name   string
		before func(h *harness) // state before the malformed value
		key    string
		value  []byte
		want   []step // history of key afterwards; nil: no record
		emits  int    // history entries of the values the malformed value writes
		counts counts // observer calls of the malformed value
		reason string // of its dead letter
	}{
		{
			name: "seed's Python repr", key: "1", value: seedValue,
			want:  []step{received, failed(2, domain.ReasonMalformedEvent)},
			emits: 2, counts: counts{Processed: 1, Transitions: 2, Malformed: 1, DeadLetters: 1}, reason: streams.ReasonMalformed,
		},
		{
			name: "schema newer than this binary", key: "t1", value: []byte(`{"schema":99,"id":"t1","amount":"1","currency":"USD"}`),
			want:  []step{received, failed(2, domain.ReasonMalformedEvent)},
			emits: 2, counts: counts{Processed: 1, Transitions: 2, Malformed: 1, DeadLetters: 1}, reason: streams.ReasonUnknownSchema,
		},
		{
			name: "key that is no valid id", key: "no such id!", value: seedValue,
			counts: counts{Processed: 1, Malformed: 1, DeadLetters: 1}, reason: streams.ReasonInvalidKey,
		},
		{
			name:   "recorded id keeps its record",
			before: func(h *harness) { h.request("t1", valid(h.t, "t1", "10", "USD", "")) },
			key:    "t1", value: seedValue,
			want:   []step{received, completed},
			counts: counts{Processed: 1, Malformed: 1, DeadLetters: 1}, reason: streams.ReasonMalformed,
		},
		{
			name:   "same bytes again re-emit",
			before: func(h *harness) { h.raw(h.cfg.Topics.Transactions, "1", seedValue) },
			key:    "1", value: seedValue,
			want:  []step{received, failed(2, domain.ReasonMalformedEvent)},
			emits: 2, counts: counts{Processed: 1, Duplicates: 1, Malformed: 1, DeadLetters: 1}, reason: streams.ReasonMalformed,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t)
			if tc.before != nil {
				tc.before(h)
			}
			original := h.tx(tc.key)
			h.written()
			before := h.obs.counts()

			h.raw(h.cfg.Topics.Transactions, tc.key, tc.value)

			tx := h.tx(tc.key)
			if tc.want == nil {
				if tx != nil {
					t.Fatalf("recorded %+v, want nothing", tx)
				}
			} else if got := historySteps(*tx); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("history %v, want %v", got, tc.want)
			}
			if original != nil && !reflect.DeepEqual(tx, original) {
				t.Errorf("record changed:\n%+v\nwas\n%+v", tx, original)
			}
			if got := h.writtenSteps(); len(got) != tc.emits {
				t.Errorf("wrote histories of %d entries, want %d: %v", len(got), tc.emits, got)
			}
			checkRawDeadLetter(t, h.emittedDeadLetters(), tc.key, tc.value)
			if reasons := h.obs.deadLetterReasons(); len(reasons) == 0 || reasons[len(reasons)-1] != tc.reason {
				t.Errorf("dead-letter reasons %v, want the last %q", reasons, tc.reason)
			}
			if got := diff(h.obs.counts(), before); got != tc.counts {
				t.Errorf("observer %+v, want %+v", got, tc.counts)
			}
		})
	}
}

// TestMalformedRequestInvalidID: a decoded request whose key is no valid id
// cannot be recorded.
func TestMalformedRequestInvalidID(t *testing.T) {
	h := start(t)
	h.request("bad key!", domain.TransactionRequested{ID: "bad key!", Amount: "1", Currency: "USD"})
	if tx := h.tx("bad key!"); tx != nil {
		t.Errorf("recorded %+v", tx)
	}
	if want, got := (counts{Processed: 1, Malformed: 1, DeadLetters: 1}), h.obs.counts(); got != want {
		t.Errorf("observer %+v, want %+v", got, want)
	}
}

// checkRawDeadLetter checks that the last dead letter is value under key,
// byte for byte, from the transaction topic.
func checkRawDeadLetter(t *testing.T, letters []deadLetter, key string, value []byte) {
	t.Helper()
	if len(letters) == 0 {
		t.Fatal("no dead letter")
	}
	last := letters[len(letters)-1]
	if last.key != key || !bytes.Equal(last.value, value) || len(last.headers[streams.HeaderDLQReason]) == 0 {
		t.Errorf("dead letter %q = %q (%v), want %q = %q", last.key, last.value, last.headers, key, value)
	}
}

func diff(a, b counts) counts {
	return counts{
		Processed: a.Processed - b.Processed, Transitions: a.Transitions - b.Transitions,
		Duplicates: a.Duplicates - b.Duplicates, Conflicts: a.Conflicts - b.Conflicts, Malformed: a.Malformed - b.Malformed,
		DeadLetters: a.DeadLetters - b.DeadLetters,
	}
}
