package transactions_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

var (
	received   = step{1, domain.StatusReceived, ""}
	completed  = step{2, domain.StatusCompleted, ""}
	converting = step{2, domain.StatusConverting, ""}
)

func failed(v int64, r domain.Reason) step { return step{v, domain.StatusFailed, r} }

// TestNewRequest delivers one request for a new id and checks the record,
// the emitted status events and conversion requests, and the observer.
func TestNewRequest(t *testing.T) {
	tests := []struct {
		name       string
		key        string // defaults to ev.ID
		ev         func(t *testing.T) domain.TransactionRequested
		want       []step
		wantAmount string
		convert    bool
	}{
		{
			name: "no target: received then completed",
			ev:   func(t *testing.T) domain.TransactionRequested { return valid(t, "t1", "10.5", "USD", "") },
			want: []step{received, completed}, wantAmount: "10.50",
		},
		{
			name: "target equal to currency: no conversion",
			ev:   func(t *testing.T) domain.TransactionRequested { return valid(t, "t1", "10", "USD", "USD") },
			want: []step{received, completed}, wantAmount: "10.00",
		},
		{
			name: "other target: received then converting",
			ev:   func(t *testing.T) domain.TransactionRequested { return valid(t, "t1", "10.5", "USD", "EUR") },
			want: []step{received, converting}, wantAmount: "10.50", convert: true,
		},
		{
			name: "KWD with three decimals is valid",
			ev:   func(t *testing.T) domain.TransactionRequested { return valid(t, "t1", "1.234", "KWD", "") },
			want: []step{received, completed}, wantAmount: "1.234",
		},
		{
			name: "foreign producer without schema or fingerprint",
			ev: func(*testing.T) domain.TransactionRequested {
				return domain.TransactionRequested{ID: "t1", Amount: "10.5", Currency: "USD"}
			},
			want: []step{received, completed}, wantAmount: "10.50",
		},
		{
			name: "id only in the key",
			key:  "t1",
			ev: func(*testing.T) domain.TransactionRequested {
				return domain.TransactionRequested{Amount: "7", Currency: "JPY"}
			},
			want: []step{received, completed}, wantAmount: "7",
		},
		{name: "lowercase currency", ev: invalid("10", "usd", ""), want: []step{received, failed(2, domain.ReasonInvalidCurrency)}, wantAmount: "10"},
		{name: "unknown currency", ev: invalid("10", "XYZ", ""), want: []step{received, failed(2, domain.ReasonInvalidCurrency)}, wantAmount: "10"},
		{name: "invalid target currency", ev: invalid("10", "USD", "EURO"), want: []step{received, failed(2, domain.ReasonInvalidCurrency)}, wantAmount: "10"},
		{name: "zero amount", ev: invalid("0", "USD", ""), want: []step{received, failed(2, domain.ReasonInvalidAmount)}, wantAmount: "0"},
		{name: "negative amount", ev: invalid("-5.00", "USD", ""), want: []step{received, failed(2, domain.ReasonInvalidAmount)}, wantAmount: "-5.00"},
		{name: "not a number", ev: invalid("ten", "USD", ""), want: []step{received, failed(2, domain.ReasonInvalidAmount)}, wantAmount: "ten"},
		{name: "JPY with decimals", ev: invalid("100.5", "JPY", ""), want: []step{received, failed(2, domain.ReasonInvalidAmount)}, wantAmount: "100.5"},
		{name: "KWD with four decimals", ev: invalid("1.2345", "KWD", ""), want: []step{received, failed(2, domain.ReasonInvalidAmount)}, wantAmount: "1.2345"},
		{
			name: "fingerprint not the one of the fields",
			ev: func(t *testing.T) domain.TransactionRequested {
				ev := valid(t, "t1", "10", "USD", "")
				ev.Amount = "11.00"
				return ev
			},
			want: []step{received, failed(2, domain.ReasonMalformedEvent)}, wantAmount: "11.00",
		},
		{
			name: "id in the value differs from the key",
			key:  "t1",
			ev:   func(t *testing.T) domain.TransactionRequested { return valid(t, "t2", "10", "USD", "") },
			want: []step{received, failed(2, domain.ReasonMalformedEvent)}, wantAmount: "10.00",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t)
			ev := tc.ev(t)
			key := tc.key
			if key == "" {
				key = ev.ID
			}
			h.request(key, ev)

			tx := h.mustTx(key)
			checkRecord(t, tx, key, ev)
			if got := historySteps(tx); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("history %v, want %v", got, tc.want)
			}
			if tx.Amount != tc.wantAmount {
				t.Errorf("amount %q, want %q", tx.Amount, tc.wantAmount)
			}
			if writes := h.written(); len(writes) != 1 || !reflect.DeepEqual(writes[0], tx) {
				t.Errorf("table writes %+v, want the record once", writes)
			}
			checkTransitions(t, h.obs.transitionEvents(), tx)
			checkConversions(t, h.emittedConversions(), tx, tc.convert)
			wantCounts := counts{Processed: 1, Transitions: len(tc.want)}
			if got := h.obs.counts(); got != wantCounts {
				t.Errorf("observer %+v, want %+v", got, wantCounts)
			}
		})
	}
}

// invalid builds a request the edge would have refused, as a foreign
// producer might write it.
func invalid(amount, currency, target string) func(*testing.T) domain.TransactionRequested {
	return func(*testing.T) domain.TransactionRequested {
		return domain.TransactionRequested{
			Schema: domain.SchemaVersion, ID: "t1", Amount: amount, Currency: currency,
			TargetCurrency: target, Metadata: json.RawMessage(`{"a":1}`), ReceivedAt: t0.Add(-time.Second),
		}
	}
}

// checkRecord checks what every new record shares: identity, version,
// times and fingerprint.
func checkRecord(t *testing.T, tx domain.Transaction, key string, ev domain.TransactionRequested) {
	t.Helper()
	if tx.ID != key || tx.Schema != domain.SchemaVersion {
		t.Errorf("id %q schema %d, want %q %d", tx.ID, tx.Schema, key, domain.SchemaVersion)
	}
	if last := tx.History[len(tx.History)-1]; tx.Version != last.Version || tx.Status != last.Status || tx.Reason != last.Reason {
		t.Errorf("record at v%d %s %q, last change %+v", tx.Version, tx.Status, tx.Reason, last)
	}
	wantCreated := ev.ReceivedAt
	if wantCreated.IsZero() {
		wantCreated = t0
	}
	if !tx.CreatedAt.Equal(wantCreated) || !tx.UpdatedAt.Equal(t0) {
		t.Errorf("created %s updated %s, want %s %s", tx.CreatedAt, tx.UpdatedAt, wantCreated, t0)
	}
	if ev.Fingerprint != "" && tx.Fingerprint != ev.Fingerprint {
		t.Errorf("fingerprint %q, want the event's %q", tx.Fingerprint, ev.Fingerprint)
	}
	if tx.Fingerprint == "" {
		t.Error("empty fingerprint")
	}
	if tx.Status == domain.StatusFailed && tx.Metadata != nil {
		t.Errorf("refused request kept metadata %s", tx.Metadata)
	}
}

// checkTransitions checks that the transitions told to the observer are
// exactly the record's history.
func checkTransitions(t *testing.T, events []domain.StatusEvent, tx domain.Transaction) {
	t.Helper()
	if len(events) != len(tx.History) {
		t.Fatalf("%d transitions, want %d: %+v", len(events), len(tx.History), events)
	}
	for i, ev := range events {
		want := domain.StatusEvent{Schema: domain.SchemaVersion, TransactionID: tx.ID, StatusChange: tx.History[i]}
		if !reflect.DeepEqual(ev, want) {
			t.Errorf("status event %d: %+v, want %+v", i, ev, want)
		}
		if !ev.At.Equal(t0) {
			t.Errorf("status event %d at %s, want the clock's %s", i, ev.At, t0)
		}
	}
}

func checkConversions(t *testing.T, reqs []domain.ConversionRequest, tx domain.Transaction, want bool) {
	t.Helper()
	if !want {
		if len(reqs) != 0 {
			t.Errorf("conversion requests %+v, want none", reqs)
		}
		return
	}
	if len(reqs) != 1 {
		t.Fatalf("%d conversion requests, want 1: %+v", len(reqs), reqs)
	}
	if wantReq := domain.ConversionFor(tx, t0); !reflect.DeepEqual(reqs[0], wantReq) {
		t.Errorf("conversion request %+v, want %+v", reqs[0], wantReq)
	}
}
