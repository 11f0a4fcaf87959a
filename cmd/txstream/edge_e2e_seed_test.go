package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// TestEdgeE2ESeedCompatibility sends the seed's requests
// (shared/seed/000_9fd9728c300a2c27.txt: the Flask Transaction, Value
// Converter and Transaction Manager services), as its clients sent them
// with Python requests' json= (its headers, the JSON number amount), to
// the real stack and checks the seed's status codes and body members.
// Bodies may only add members; here the processing between the calls is
// the real pipeline's.
func TestEdgeE2ESeedCompatibility(t *testing.T) {
	skipShort(t)
	s := startStack(t)
	sample := sampleRates(t)
	py := []string{"User-Agent", "python-requests/2.31.0", "Accept", "*/*", "Accept-Encoding", "gzip, deflate"}
	pyJSON := append(py[:len(py):len(py)], "Content-Type", "application/json")

	t.Run("POST /transactions -> 201 {status: Transaction created}, then GET -> 200 at once", func(t *testing.T) {
		for i, body := range []string{`{"id": "1", "amount": 100, "currency": "USD"}`, `{"id": "2", "amount": "250.00", "currency": "EUR"}`} {
			r := s.do(t, http.MethodPost, s.tx+"/transactions", body, pyJSON...).expect(t, http.StatusCreated)
			if got := r.object(t)["status"]; got != "Transaction created" {
				t.Fatalf("POST %s: status member %v", body, got)
			}
			// The seed's GET read what its POST had just put in Redis: the
			// transaction is readable the moment the 201 is out.
			s.do(t, http.MethodGet, s.tx+"/transactions/"+strconv.Itoa(i+1), "", py...).expect(t, http.StatusOK)
		}
	})
	t.Run("GET /transactions/<id> -> 200 {transaction}", func(t *testing.T) {
		r := s.do(t, http.MethodGet, s.tx+"/transactions/1", "", py...).expect(t, http.StatusOK)
		tx, ok := r.object(t)["transaction"].(map[string]any)
		if !ok || tx["id"] != "1" || tx["amount"] != "100.00" || tx["currency"] != "USD" {
			t.Fatalf("transaction member %s", r.body)
		}
	})
	t.Run("GET /transactions/<unknown> -> 404 {error: Transaction not found}", func(t *testing.T) {
		r := s.do(t, http.MethodGet, s.tx+"/transactions/404", "", py...).expect(t, http.StatusNotFound)
		if got := r.object(t)["error"]; got != "Transaction not found" {
			t.Fatalf("error member %v", got)
		}
	})
	t.Run("POST /convert -> 200 {status: Conversion request sent}", func(t *testing.T) {
		r := s.do(t, http.MethodPost, s.conv+"/convert", `{"id": "1", "amount": 100, "from": "USD", "to": "EUR"}`, pyJSON...).expect(t, http.StatusOK)
		if got := r.object(t)["status"]; got != "Conversion request sent" {
			t.Fatalf("status member %v", got)
		}
	})
	t.Run("GET /convert/<id> -> 200 {converted_value}", func(t *testing.T) {
		want := quote(t, "100", "USD", "EUR", sample).ConvertedValue
		var r reply
		testenv.Eventually(t, 20*time.Second, func() bool {
			r = s.do(t, http.MethodGet, s.conv+"/convert/1", "", py...)
			return r.code == http.StatusOK && r.object(t)["converted_value"] == want
		}, "GET /convert/1 answers 200 with converted_value %s: %s", want, r.body)
	})
	t.Run("GET /transactions/log -> 200 [{transaction_id, status}]", func(t *testing.T) {
		last := map[any]any{}
		testenv.Eventually(t, 20*time.Second, func() bool {
			r := s.do(t, http.MethodGet, s.mgr+"/transactions/log", "", py...).expect(t, http.StatusOK)
			var entries []map[string]any
			if err := json.Unmarshal(r.body, &entries); err != nil {
				t.Fatalf("not a JSON array: %v: %s", err, r.body)
			}
			for _, e := range entries {
				if _, ok := e["transaction_id"]; !ok {
					t.Fatalf("entry without transaction_id: %v", e)
				}
				if st, _ := e["status"].(string); !domain.Status(st).Valid() {
					t.Fatalf("entry with status %v, not one of the seed's words", e["status"])
				}
				last[e["transaction_id"]] = e["status"]
			}
			return last["1"] == "completed" && last["2"] == "completed"
		}, "the log ends with 1 and 2 completed: %v", last)
	})
}
