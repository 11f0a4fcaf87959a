package edge

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/txstream/txstream/domain"
)

// TestSeedCompatibility sends the seed's requests (shared/seed: the three
// Flask services) as its clients did, with Python requests' json= headers,
// and checks the seed's status codes and body members. Bodies may only add
// members; the processing between the calls is played by the fakes.
func TestSeedCompatibility(t *testing.T) {
	e := newEnv(t, nil, nil)
	seedHeaders := []string{"User-Agent", "python-requests/2.31.0", "Accept", "*/*", "Content-Type", "application/json"}

	t.Run("POST /transactions -> 201 status", func(t *testing.T) {
		for _, body := range []string{`{"id": "1", "amount": 100, "currency": "USD"}`, `{"id": "2", "amount": "250.00", "currency": "EUR"}`} {
			a := e.call(t, "POST", e.transaction+"/transactions", body, seedHeaders...).expect(t, http.StatusCreated)
			if got := a.object(t)["status"]; got != "Transaction created" {
				t.Fatalf("status member %v", got)
			}
		}
	})
	// The processors finish them: 1 completed, 2 failed, as in the seed's log.
	for id, status := range map[string]domain.Status{"1": domain.StatusCompleted, "2": domain.StatusFailed} {
		e.tables.putTransaction(record(id, 2, status))
	}

	t.Run("GET /transactions/<id> -> 200 transaction", func(t *testing.T) {
		a := e.call(t, "GET", e.transaction+"/transactions/1", "", seedHeaders[:4]...).expect(t, http.StatusOK)
		if _, ok := a.object(t)["transaction"]; !ok {
			t.Fatalf("no transaction member: %s", a.body)
		}
	})
	t.Run("GET /transactions/<unknown> -> 404 error", func(t *testing.T) {
		a := e.call(t, "GET", e.transaction+"/transactions/404", "", seedHeaders[:4]...).expect(t, http.StatusNotFound)
		if got := a.object(t)["error"]; got != "Transaction not found" {
			t.Fatalf("error member %v", got)
		}
	})
	t.Run("POST /convert -> 200 status", func(t *testing.T) {
		a := e.call(t, "POST", e.converter+"/convert", `{"id": "1", "amount": 100, "from": "USD", "to": "EUR"}`, seedHeaders...).expect(t, http.StatusOK)
		if got := a.object(t)["status"]; got != "Conversion request sent" {
			t.Fatalf("status member %v", got)
		}
	})
	t.Run("GET /convert/<id> -> 200 converted_value", func(t *testing.T) {
		// Pending first, then the result: 200 with the member both times.
		for _, done := range []bool{false, true} {
			if done {
				e.tables.putConversion(domain.Conversion{ID: "1", Status: domain.StatusCompleted, Amount: "100.00", From: "USD", To: "EUR", ConvertedValue: "92.40", Rate: "0.924", RateDate: "2025-03-13", Rounding: domain.RoundingHalfEven})
			}
			a := e.call(t, "GET", e.converter+"/convert/1", "", seedHeaders[:4]...).expect(t, http.StatusOK)
			value, ok := a.object(t)["converted_value"]
			if !ok || (done && value != "92.40") {
				t.Fatalf("converted_value member (done=%v): %s", done, a.body)
			}
		}
	})
	t.Run("GET /transactions/log -> 200 array of transaction_id, status", func(t *testing.T) {
		a := e.call(t, "GET", e.manager+"/transactions/log", "", seedHeaders[:4]...).expect(t, http.StatusOK)
		var entries []map[string]any
		if err := json.Unmarshal(a.body, &entries); err != nil {
			t.Fatalf("not a JSON array: %v: %s", err, a.body)
		}
		final := map[any]any{}
		for _, en := range entries {
			if _, ok := en["transaction_id"]; !ok {
				t.Fatalf("entry without transaction_id: %v", en)
			}
			final[en["transaction_id"]] = en["status"]
		}
		if final["1"] != "completed" || final["2"] != "failed" {
			t.Fatalf("last statuses %v, want the seed's 1 completed, 2 failed", final)
		}
	})
}
