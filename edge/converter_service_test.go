package edge

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

const convBody = `{"id":"c-1","amount":"100","from":"USD","to":"EUR"}`

func TestPostConvert(t *testing.T) {
	e := newEnv(t, nil, nil)
	url := e.converter + "/convert"
	a := e.call(t, "POST", url, convBody).expect(t, http.StatusOK)
	body := a.object(t)
	conv, _ := body["conversion"].(map[string]any)
	if body["status"] != "Conversion request sent" || body["id"] != "c-1" || conv["amount"] != "100.00" {
		t.Fatalf("answer %s", a.body)
	}
	if a.header.Get("Location") != "/convert/c-1" {
		t.Fatalf("Location %q", a.header.Get("Location"))
	}
	replay := e.call(t, "POST", url, `{"to":"EUR","from":"USD","amount":100.00,"id":"c-1"}`).expect(t, http.StatusOK)
	if replay.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay not marked: %v", replay.header)
	}
	e.call(t, "POST", url, `{"id":"c-1","amount":"101","from":"USD","to":"EUR"}`).expectProblem(t, CodeConflict)
	calls := e.txs.calls.Load()
	e.call(t, "POST", url, `{"id":"c-2","amount":"1","from":"USD"}`).expectProblem(t, CodeMissingField)
	e.call(t, "POST", url, `{"id":"c-2","amount":"1","from":"USD","to":"EUR","x":1}`).expectProblem(t, CodeUnknownField)
	if e.txs.calls.Load() != calls {
		t.Fatal("a refused conversion reached the actors")
	}
	e.txs.setErr(errUnavailable)
	e.call(t, "POST", url, `{"id":"c-3","amount":"1","from":"USD","to":"EUR"}`).expectProblem(t, CodeUnavailable)
	e.txs.setErr(errUnknown)
	e.call(t, "POST", url, `{"id":"c-3","amount":"1","from":"USD","to":"EUR"}`).expectProblem(t, CodeOutcomeUnknown)
}

func TestGetConversion(t *testing.T) {
	e := newEnv(t, nil, nil)
	at := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	e.tables.putConversion(domain.Conversion{Schema: 1, ID: "done", Status: domain.StatusCompleted, Amount: "100.00", From: "USD", To: "EUR",
		ConvertedValue: "92.40", Rate: "0.924", RateDate: "2025-03-13", RateSource: "ECB", Rounding: domain.RoundingHalfEven, RequestedAt: at, ConvertedAt: at,
		RateLegs: []domain.RateLeg{{Currency: "USD", Rate: "1.0823", Date: "2025-03-13", Source: "ECB"}}})
	e.tables.putConversion(domain.Conversion{Schema: 1, ID: "bad", Status: domain.StatusFailed, Reason: domain.ReasonNoRate, Amount: "1.00", From: "USD", To: "XAU"})
	e.tables.putTransaction(record("tx-conv", 2, domain.StatusConverting))
	e.call(t, "POST", e.converter+"/convert", `{"id":"inflight","amount":"1","from":"USD","to":"EUR"}`).expect(t, http.StatusOK)

	cases := []struct {
		name, id, status string
		value            any
	}{
		{"completed", "done", "completed", "92.40"},
		{"failed", "bad", "failed", nil},
		{"pending in the actor", "inflight", "pending", nil},
		{"pending transaction conversion", "tx-conv", "pending", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := e.call(t, "GET", e.converter+"/convert/"+tc.id, "").expect(t, http.StatusOK)
			body := a.object(t)
			value, present := body["converted_value"]
			if body["status"] != tc.status || !present || value != tc.value {
				t.Fatalf("answer %s", a.body)
			}
		})
	}
	t.Run("completed carries rate, date, source, rounding", func(t *testing.T) {
		body := e.call(t, "GET", e.converter+"/convert/done", "").object(t)
		if body["rate"] != "0.924" || body["rate_date"] != "2025-03-13" || body["rate_source"] != "ECB" || body["rounding"] != "half_even" {
			t.Fatalf("answer %v", body)
		}
		legs, _ := body["rate_legs"].([]any)
		if leg, _ := legs[0].(map[string]any); len(legs) != 1 || leg["currency"] != "USD" || leg["rate"] != "1.0823" || leg["date"] != "2025-03-13" || leg["source"] != "ECB" {
			t.Fatalf("rate_legs %v", body["rate_legs"])
		}
	})
	t.Run("failed carries the reason", func(t *testing.T) {
		if body := e.call(t, "GET", e.converter+"/convert/bad", "").object(t); body["reason"] != "no_rate" || body["rate_legs"] != nil {
			t.Fatalf("answer %v", body)
		}
	})
	t.Run("unknown is 404", func(t *testing.T) {
		e.call(t, "GET", e.converter+"/convert/never", "").expectProblem(t, CodeConversionNotFound)
	})
	t.Run("invalid id", func(t *testing.T) {
		e.call(t, "GET", e.converter+"/convert/a%7Cb", "").expectProblem(t, CodeInvalidID)
	})
	t.Run("tables down", func(t *testing.T) {
		e.tables.setErr(errTableDown)
		defer e.tables.setErr(nil)
		e.call(t, "GET", e.converter+"/convert/done", "").expectProblem(t, CodeTablesUnavailable)
	})
}

func TestRates(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.tables.putRate(domain.Rate{Schema: 1, Currency: "USD", Base: "EUR", Rate: "1.0823", Date: "2025-03-13", Source: "ECB"})
	e.tables.putRate(domain.Rate{Schema: 1, Currency: "GBP", Base: "EUR", Rate: "0.8412", Date: "2025-03-13", Source: "ECB"})

	t.Run("list, sorted", func(t *testing.T) {
		body := e.call(t, "GET", e.converter+"/rates", "").expect(t, http.StatusOK).object(t)
		rates, _ := body["rates"].([]any)
		if body["base"] != "EUR" || len(rates) != 2 || rates[0].(map[string]any)["currency"] != "GBP" {
			t.Fatalf("answer %v", body)
		}
	})
	t.Run("set", func(t *testing.T) {
		a := e.call(t, "PUT", e.converter+"/rates/JPY", `{"rate":161.52,"date":"2025-03-14"}`).expect(t, http.StatusOK)
		set := e.rates.all()
		if len(set) != 1 || set[0].Currency != "JPY" || set[0].Rate != "161.52" || set[0].Source != DefaultRateSource {
			t.Fatalf("rates produced %+v", set)
		}
		if rate := a.object(t)["rate"].(map[string]any); rate["rate"] != "161.52" || rate["base"] != "EUR" {
			t.Fatalf("answer %s", a.body)
		}
	})
	refusals := []struct {
		name, path, body string
		code             Code
	}{
		{"base currency", "/rates/EUR", `{"rate":"1","date":"2025-03-14"}`, CodeInvalidCurrency},
		{"unknown currency", "/rates/ABC", `{"rate":"1","date":"2025-03-14"}`, CodeInvalidCurrency},
		{"bad rate", "/rates/USD", `{"rate":"-1","date":"2025-03-14"}`, CodeInvalidRate},
		{"bad date", "/rates/USD", `{"rate":"1","date":"yesterday"}`, CodeInvalidRate},
		{"malformed", "/rates/USD", `{"rate":`, CodeMalformedJSON},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			e.call(t, "PUT", e.converter+tc.path, tc.body).expectProblem(t, tc.code)
		})
	}
	if n := len(e.rates.all()); n != 1 {
		t.Fatalf("refused rates were produced: %d", n)
	}
	producerFails := []struct {
		name string
		err  error
		code Code
	}{
		{"producer down", errUnavailable, CodeUnavailable},
		{"no answer from the producer", errUnknown, CodeOutcomeUnknown},
		{"the edge's deadline", context.DeadlineExceeded, CodeOutcomeUnknown},
	}
	for _, tc := range producerFails {
		t.Run(tc.name, func(t *testing.T) {
			e.rates.mu.Lock()
			e.rates.err = tc.err
			e.rates.mu.Unlock()
			e.call(t, "PUT", e.converter+"/rates/USD", `{"rate":"1.1","date":"2025-03-14"}`).expectProblem(t, tc.code)
		})
	}
}
