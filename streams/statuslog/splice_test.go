package statuslog

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// TestSplicedAppliesAsDecoded holds the bytes path to the decoding path:
// for random stored logs and random histories (in order or not, with gaps,
// conflicts and zero times), whenever spliced takes a history it must give
// applyHistory's outcome and, byte for byte, the value applyHistory's log
// encodes to; and it must take the transactions processor's own histories.
func TestSplicedAppliesAsDecoded(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	statuses := []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted, domain.StatusFailed, "lost"}
	reasons := []domain.Reason{"", "", domain.ReasonNoRate, "dépassé", "a<b"}
	change := func(v int64) domain.StatusChange {
		c := domain.StatusChange{Version: v, Status: statuses[rng.IntN(len(statuses))], Reason: reasons[rng.IntN(len(reasons))],
			At: t0.Add(time.Duration(rng.IntN(1e6)) * time.Microsecond)}
		if rng.IntN(20) == 0 {
			c.At = time.Time{}
		}
		return c
	}
	taken := 0
	for seq := range 2000 {
		id := fmt.Sprintf("tx-%d", seq)
		var stored []byte
		for range 4 {
			var history []domain.StatusChange
			for v := range int64(1 + rng.IntN(5)) {
				if rng.IntN(6) != 0 { // leave gaps now and then
					history = append(history, change(v+1))
				}
			}
			if rng.IntN(8) == 0 {
				rng.Shuffle(len(history), func(i, j int) { history[i], history[j] = history[j], history[i] })
			}
			raw, err := streams.JSON[[]domain.StatusChange]{}.Encode(history)
			if err != nil {
				t.Fatal(err)
			}
			next, result, ok := storedOf(t, stored).spliced(id, raw)
			want, wantResult, err := storedOf(t, stored).applyHistory(id, stamped(history))
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				taken++
				if result != wantResult || (next == nil) != (want == nil) {
					t.Fatalf("%s: history %s on %s: outcome %d (write %v), want %d (write %v)", id, raw, stored, result, next != nil, wantResult, want != nil)
				}
				if next != nil && !bytes.Equal(encoded(t, next), encoded(t, want)) {
					t.Fatalf("%s: history %s on %s: stored\n%s\nwant\n%s", id, raw, stored, encoded(t, next), encoded(t, want))
				}
			}
			if want != nil {
				stored = encoded(t, want)
			}
		}
	}
	if taken < 1000 {
		t.Errorf("spliced took %d histories of 8000; the test would miss its bugs", taken)
	}
}

// TestSplicedTakesTheProcessorsHistories: the records the transactions
// processor writes take the bytes path.
func TestSplicedTakesTheProcessorsHistories(t *testing.T) {
	h := history(1, t0, time.Second).Entries
	var l *storedLog
	for _, upTo := range []int{2, 3, 3} {
		raw, err := streams.JSON[[]domain.StatusChange]{}.Encode(h[:upTo])
		if err != nil {
			t.Fatal(err)
		}
		next, _, ok := l.spliced(txID(1), raw)
		if !ok {
			t.Fatalf("history of %d changes not spliced on %s", upTo, encoded(t, l))
		}
		if next != nil {
			l = next
		}
	}
	if want := mustEncode(t, history(1, t0, time.Second)); !bytes.Equal(encoded(t, l), want) {
		t.Errorf("stored %s, want %s", encoded(t, l), want)
	}
}

// storedOf is the processor's view of stored bytes, nil for none.
func storedOf(t *testing.T, data []byte) *storedLog {
	t.Helper()
	if data == nil {
		return nil
	}
	v, err := tableCodec{}.Decode(data)
	if err != nil || v == nil {
		t.Fatalf("decode %s: %v", data, err)
	}
	return v.(*storedLog)
}

func encoded(t *testing.T, l *storedLog) []byte {
	t.Helper()
	if l == nil {
		return nil
	}
	data, err := tableCodec{}.Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// stamped is history as the handler hands it to applyHistory: changes
// without a time get one.
func stamped(history []domain.StatusChange) []domain.StatusChange {
	out := make([]domain.StatusChange, len(history))
	for i, c := range history {
		if c.At.IsZero() {
			c.At = t0
		}
		out[i] = c
	}
	return out
}
