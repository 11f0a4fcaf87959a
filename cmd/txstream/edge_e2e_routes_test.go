package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams/rates"
)

// TestEdgeE2ERoutes drives every route of the three services with its
// success and error answers against the real stack. The subtests build
// on each other (the log listing covers the transactions made before it)
// and so run in order.
func TestEdgeE2ERoutes(t *testing.T) {
	skipShort(t)
	s := startStack(t)
	sample := sampleRates(t)
	final := map[string]domain.Status{} // every transaction made here, by id

	t.Run("POST and GET /transactions reach completed with the exact conversion", func(t *testing.T) {
		cases := []struct {
			name, id, body  string
			amount, cur, to string
			converts        bool
		}{
			{"decimal string, EUR to USD", "rt-eur-usd", `{"id":"rt-eur-usd","amount":"100.00","currency":"EUR","target_currency":"USD"}`, "100.00", "EUR", "USD", true},
			{"JSON number read exactly, GBP to JPY", "rt-gbp-jpy", `{"id":"rt-gbp-jpy","amount":19.99,"currency":"GBP","target_currency":"JPY"}`, "19.99", "GBP", "JPY", true},
			{"cross rate with rounding, CHF to SEK", "rt-chf-sek", `{"id":"rt-chf-sek","amount":"1234.56","currency":"CHF","target_currency":"SEK","metadata":{"order":"A-1"}}`, "1234.56", "CHF", "SEK", true},
			{"no target currency", "rt-plain", `{"id":"rt-plain","amount":"42.5","currency":"USD"}`, "42.50", "USD", "", false},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := s.do(t, http.MethodPost, s.tx+"/transactions", tc.body).expect(t, http.StatusCreated)
				var c createdReply
				r.decode(t, &c)
				if c.Status != "Transaction created" || c.Transaction.ID != tc.id || c.Transaction.Amount != tc.amount || c.Transaction.Currency != tc.cur {
					t.Fatalf("201 body %s", r.body)
				}
				if loc, replay := r.header.Get("Location"), r.header.Get("Idempotent-Replayed"); loc != "/transactions/"+tc.id || replay != "" {
					t.Fatalf("Location %q, Idempotent-Replayed %q", loc, replay)
				}
				tx := s.terminal(t, tc.id)
				final[tc.id] = tx.Status
				if tx.Status != domain.StatusCompleted || tx.Amount != tc.amount || tx.TargetCurrency != tc.to {
					t.Fatalf("transaction %+v, want completed %s %s -> %q", tx, tc.amount, tc.cur, tc.to)
				}
				want := []domain.Status{domain.StatusReceived, domain.StatusCompleted}
				if tc.converts {
					want = []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted}
				}
				if got := statuses(tx.History); !slices.Equal(got, want) || tx.Version != int64(len(want)) {
					t.Fatalf("history %v version %d, want %v", got, tx.Version, want)
				}
				if !tc.converts {
					if tx.Conversion != nil {
						t.Fatalf("conversion %+v for a transaction without a target currency", tx.Conversion)
					}
					return
				}
				q := quote(t, tc.amount, tc.cur, tc.to, sample)
				conv := tx.Conversion
				if conv == nil || conv.Status != domain.StatusCompleted || conv.ConvertedValue != q.ConvertedValue || conv.Rate != q.Rate ||
					conv.RateDate != q.RateDate || conv.RateSource != rates.SampleSource || conv.Rounding != domain.RoundingHalfEven {
					t.Fatalf("conversion %+v, want %+v, half_even", conv, q)
				}
				// The transaction's conversion is also GET /convert/{id}.
				_, res := s.conversion(t, tc.id)
				if res.Status != "completed" || res.ConvertedValue == nil || *res.ConvertedValue != q.ConvertedValue {
					t.Fatalf("GET /convert/%s = %+v, want %s", tc.id, res, q.ConvertedValue)
				}
			})
		}
	})

	t.Run("a transaction without a rate fails with no_rate", func(t *testing.T) {
		s.post(t, `{"id":"rt-no-rate","amount":"10.00","currency":"EUR","target_currency":"ARS"}`)
		tx := s.terminal(t, "rt-no-rate")
		final["rt-no-rate"] = tx.Status
		want := []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusFailed}
		if tx.Status != domain.StatusFailed || tx.Reason != domain.ReasonNoRate || !slices.Equal(statuses(tx.History), want) {
			t.Fatalf("transaction %+v, want failed no_rate after %v", tx, want)
		}
	})

	t.Run("GET /transactions/{id} errors", func(t *testing.T) {
		cases := []struct {
			name, path string
			code       edge.Code
		}{
			{"unknown id", "/transactions/rt-never", edge.CodeTransactionNotFound},
			{"id with a bad character", "/transactions/rt%20bad", edge.CodeInvalidID},
			{"id too long", "/transactions/" + strings.Repeat("x", 300), edge.CodeInvalidID},
			{"wait not a duration", "/transactions/rt-plain?wait=soon", edge.CodeInvalidQuery},
			{"negative wait", "/transactions/rt-plain?wait=-1s", edge.CodeInvalidQuery},
			{"unknown parameter", "/transactions/rt-plain?expand=all", edge.CodeInvalidQuery},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				p := s.do(t, http.MethodGet, s.tx+tc.path, "").problem(t, tc.code)
				if tc.code == edge.CodeTransactionNotFound && p.Error != "Transaction not found" {
					t.Fatalf("error member %q, want the seed's", p.Error)
				}
			})
		}
	})

	t.Run("POST /transactions rejections are 4xx problems and reach no topic", func(t *testing.T) {
		cases := []struct {
			name, body, contentType string
			code                    edge.Code
			field                   string
		}{
			{"malformed JSON", `{"id":"rj-1","amount":`, "", edge.CodeMalformedJSON, ""},
			{"unknown member", `{"id":"rj-2","amount":"1","currency":"USD","ammount":"2"}`, "", edge.CodeUnknownField, "ammount"},
			{"duplicate member", `{"id":"rj-3","amount":"1","amount":"2","currency":"USD"}`, "", edge.CodeDuplicateField, "amount"},
			{"currency missing", `{"id":"rj-4","amount":"1"}`, "", edge.CodeMissingField, "currency"},
			{"amount of the wrong type", `{"id":"rj-5","amount":true,"currency":"USD"}`, "", edge.CodeWrongType, "amount"},
			{"zero amount", `{"id":"rj-6","amount":"0","currency":"USD"}`, "", edge.CodeInvalidAmount, "amount"},
			{"negative amount", `{"id":"rj-7","amount":-5,"currency":"USD"}`, "", edge.CodeInvalidAmount, "amount"},
			{"more decimals than the currency has", `{"id":"rj-8","amount":"1.001","currency":"USD"}`, "", edge.CodeInvalidAmount, "amount"},
			{"not an ISO 4217 currency", `{"id":"rj-9","amount":"1","currency":"ABC"}`, "", edge.CodeInvalidCurrency, "currency"},
			{"bad target currency", `{"id":"rj-10","amount":"1","currency":"USD","target_currency":"usd"}`, "", edge.CodeInvalidCurrency, "target_currency"},
			{"id with a slash", `{"id":"rj/11","amount":"1","currency":"USD"}`, "", edge.CodeInvalidID, "id"},
			{"metadata not an object", `{"id":"rj-12","amount":"1","currency":"USD","metadata":"x"}`, "", edge.CodeWrongType, "metadata"},
			{"body over the limit", `{"id":"rj-13","amount":"1","currency":"USD","metadata":{"pad":"` + strings.Repeat("p", 20<<10) + `"}}`, "", edge.CodeBodyTooLarge, ""},
			{"not JSON media type", `{"id":"rj-14","amount":"1","currency":"USD"}`, "text/plain", edge.CodeUnsupportedMediaType, "Content-Type"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var headers []string
				if tc.contentType != "" {
					headers = []string{"Content-Type", tc.contentType}
				}
				p := s.do(t, http.MethodPost, s.tx+"/transactions", tc.body, headers...).problem(t, tc.code)
				if p.Field != tc.field {
					t.Fatalf("field %q, want %q", p.Field, tc.field)
				}
			})
		}
		// Everything accepted so far is on the topic; nothing rejected is.
		keys := s.topicKeys(t, s.topics.Transactions)
		for k := range keys {
			if strings.HasPrefix(k, "rj") {
				t.Fatalf("rejected request %s reached %s: %v", k, s.topics.Transactions, keys)
			}
		}
		if len(keys) != len(final) {
			t.Fatalf("%s holds keys %v, want exactly the %d accepted transactions", s.topics.Transactions, keys, len(final))
		}
	})

	t.Run("POST and GET /convert", func(t *testing.T) {
		r := s.do(t, http.MethodPost, s.conv+"/convert", `{"id":"rt-c1","amount":"10","from":"EUR","to":"JPY"}`).expect(t, http.StatusOK)
		var sent struct {
			Status     string                   `json:"status"`
			ID         string                   `json:"id"`
			Conversion domain.ConversionRequest `json:"conversion"`
		}
		r.decode(t, &sent)
		c := sent.Conversion
		if sent.Status != "Conversion request sent" || sent.ID != "rt-c1" || c.Amount != "10.00" || c.From != "EUR" || c.To != "JPY" || r.header.Get("Location") != "/convert/rt-c1" {
			t.Fatalf("answer %s, Location %q", r.body, r.header.Get("Location"))
		}
		q := quote(t, "10", "EUR", "JPY", sample)
		var res conversionReply
		testenv.Eventually(t, 20*time.Second, func() bool {
			_, res = s.conversion(t, "rt-c1")
			return res.Status == "completed"
		}, "conversion rt-c1 completed")
		if res.ConvertedValue == nil || *res.ConvertedValue != q.ConvertedValue || res.Rate != q.Rate || res.RateDate != q.RateDate ||
			res.RateSource != rates.SampleSource || res.Rounding != domain.RoundingHalfEven || res.Amount != "10.00" {
			t.Fatalf("result %+v, want %+v", res, q)
		}
	})

	t.Run("GET /convert/{id} pending, then completed; unknown is 404", func(t *testing.T) {
		s.needEmbeddedBroker(t)
		h := holdRequests(t, s.cluster, kmsg.Fetch, s.topics.Conversions)
		h.waitHeld(t, 1)
		s.do(t, http.MethodPost, s.conv+"/convert", `{"id":"rt-c2","amount":"25.00","from":"USD","to":"GBP"}`).expect(t, http.StatusOK)
		r, res := s.conversion(t, "rt-c2")
		r.expect(t, http.StatusOK)
		if res.Status != "pending" || !strings.Contains(string(r.body), `"converted_value":null`) || r.header.Get("Retry-After") == "" {
			t.Fatalf("pending answer %s (Retry-After %q); held fetches %d", r.body, r.header.Get("Retry-After"), h.held())
		}
		p := s.do(t, http.MethodGet, s.conv+"/convert/rt-c-never", "").problem(t, edge.CodeConversionNotFound)
		if p.Error != "Conversion not found" {
			t.Fatalf("error member %q", p.Error)
		}
		h.release()
		q := quote(t, "25.00", "USD", "GBP", sample)
		testenv.Eventually(t, 20*time.Second, func() bool {
			_, res = s.conversion(t, "rt-c2")
			return res.Status == "completed" && res.ConvertedValue != nil && *res.ConvertedValue == q.ConvertedValue
		}, "conversion rt-c2 completed with %s: %+v", q.ConvertedValue, res)
		// A cross rate answers with both of its legs.
		r, _ = s.conversion(t, "rt-c2")
		var legs struct {
			RateLegs []struct{ Currency, Rate, Date, Source string } `json:"rate_legs"`
		}
		r.decode(t, &legs)
		usd, _ := sample("USD")
		gbp, _ := sample("GBP")
		if len(legs.RateLegs) != 2 || legs.RateLegs[0].Currency != "USD" || legs.RateLegs[0].Rate != usd.Rate ||
			legs.RateLegs[1].Currency != "GBP" || legs.RateLegs[1].Date != gbp.Date || legs.RateLegs[1].Source != rates.SampleSource {
			t.Fatalf("rt-c2 answered %s, want rate_legs USD then GBP from the sample", r.body)
		}
	})

	t.Run("POST /convert errors, replay and conflict", func(t *testing.T) {
		cases := []struct {
			name, body string
			code       edge.Code
		}{
			{"to missing", `{"id":"rt-cx","amount":"1","from":"USD"}`, edge.CodeMissingField},
			{"bad from", `{"id":"rt-cx","amount":"1","from":"US","to":"EUR"}`, edge.CodeInvalidCurrency},
			{"amount finer than from's minor unit", `{"id":"rt-cx","amount":"1.5","from":"JPY","to":"EUR"}`, edge.CodeInvalidAmount},
			{"unknown member", `{"id":"rt-cx","amount":"1","from":"USD","to":"EUR","rate":"2"}`, edge.CodeUnknownField},
			{"another body for rt-c1", `{"id":"rt-c1","amount":"11","from":"EUR","to":"JPY"}`, edge.CodeConflict},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				s.do(t, http.MethodPost, s.conv+"/convert", tc.body).problem(t, tc.code)
			})
		}
		r := s.do(t, http.MethodPost, s.conv+"/convert", `{"to":"JPY","from":"EUR","amount":10,"id":"rt-c1"}`).expect(t, http.StatusOK)
		if r.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("the same conversion again is not marked as a replay: %v", r.header)
		}
		keys := s.topicKeys(t, s.topics.Conversions)
		if keys["rt-c1"] != 1 || keys["rt-cx"] != 0 {
			t.Fatalf("%s: rt-c1 %d records (want 1), rt-cx %d (want 0)", s.topics.Conversions, keys["rt-c1"], keys["rt-cx"])
		}
	})

	t.Run("GET /rates lists the sample", func(t *testing.T) {
		var got ratesReply
		s.do(t, http.MethodGet, s.conv+"/rates", "").expect(t, http.StatusOK).decode(t, &got)
		all, err := rates.Sample()
		if err != nil || got.Base != domain.BaseCurrency || len(got.Rates) != len(all) {
			t.Fatalf("base %q, %d rates; want EUR and the %d of the sample (%v)", got.Base, len(got.Rates), len(all), err)
		}
		for i, r := range got.Rates {
			want, ok := sample(r.Currency)
			if !ok || r.Rate != want.Rate || r.Date != want.Date || r.Source != rates.SampleSource || (i > 0 && got.Rates[i-1].Currency >= r.Currency) {
				t.Fatalf("rate %d %+v: want the sample's %+v, sorted by currency", i, r, want)
			}
		}
		s.do(t, http.MethodGet, s.conv+"/rates?base=USD", "").problem(t, edge.CodeInvalidQuery)
	})

	t.Run("PUT /rates/{code} sets a rate that conversions then use", func(t *testing.T) {
		r := s.do(t, http.MethodPut, s.conv+"/rates/ARS", `{"rate":"1000.5","date":"2024-07-01","source":"e2e"}`).expect(t, http.StatusOK)
		var set struct {
			Status string      `json:"status"`
			Rate   domain.Rate `json:"rate"`
		}
		r.decode(t, &set)
		if set.Status != "Rate set" || set.Rate.Currency != "ARS" || set.Rate.Rate != "1000.5" || set.Rate.Base != "EUR" || set.Rate.Date != "2024-07-01" || set.Rate.Source != "e2e" {
			t.Fatalf("answer %s", r.body)
		}
		testenv.Eventually(t, 20*time.Second, func() bool {
			var got ratesReply
			s.do(t, http.MethodGet, s.conv+"/rates", "").expect(t, http.StatusOK).decode(t, &got)
			return slices.ContainsFunc(got.Rates, func(r domain.Rate) bool { return r.Currency == "ARS" && r.Rate == "1000.5" })
		}, "ARS in GET /rates")
		withARS := func(code string) (domain.Rate, bool) {
			if code == "ARS" {
				return set.Rate, true
			}
			return sample(code)
		}
		// The table keeps the newer rate, so an older one is 409 with it.
		older := s.do(t, http.MethodPut, s.conv+"/rates/ARS", `{"rate":"999","date":"2024-06-30"}`).expect(t, http.StatusConflict)
		var refused struct {
			Code    string      `json:"code"`
			InForce domain.Rate `json:"rate_in_force"`
		}
		older.decode(t, &refused)
		if refused.Code != "rate_superseded" || refused.InForce.Rate != "1000.5" || refused.InForce.Date != "2024-07-01" || refused.InForce.Source != "e2e" {
			t.Fatalf("older PUT answered %s, want rate_superseded with the rate in force", older.body)
		}
		s.post(t, `{"id":"rt-ars","amount":"10.00","currency":"EUR","target_currency":"ARS"}`)
		tx := s.terminal(t, "rt-ars")
		final["rt-ars"] = tx.Status
		q := quote(t, "10.00", "EUR", "ARS", withARS)
		if tx.Status != domain.StatusCompleted || tx.Conversion.ConvertedValue != q.ConvertedValue || tx.Conversion.RateSource != "e2e" {
			t.Fatalf("transaction %+v conversion %+v, want %s from the rate set", tx, tx.Conversion, q.ConvertedValue)
		}
		errs := []struct {
			name, path, body string
			code             edge.Code
		}{
			{"the base currency", "/rates/EUR", `{"rate":"1","date":"2024-07-01"}`, edge.CodeInvalidCurrency},
			{"not a currency", "/rates/usd", `{"rate":"1","date":"2024-07-01"}`, edge.CodeInvalidCurrency},
			{"zero rate", "/rates/USD", `{"rate":"0","date":"2024-07-01"}`, edge.CodeInvalidRate},
			{"bad date", "/rates/USD", `{"rate":"1.1","date":"01.07.2024"}`, edge.CodeInvalidRate},
			{"dated years ahead", "/rates/USD", `{"rate":"0.0001","date":"9999-12-31"}`, edge.CodeInvalidRate},
			{"implausible rate", "/rates/USD", `{"rate":1e17,"date":"2024-07-01"}`, edge.CodeInvalidRate},
			{"date missing", "/rates/USD", `{"rate":"1.1"}`, edge.CodeMissingField},
		}
		for _, tc := range errs {
			t.Run(tc.name, func(t *testing.T) { s.do(t, http.MethodPut, s.conv+tc.path, tc.body).problem(t, tc.code) })
		}
	})

	t.Run("GET /transactions/{id}/log is the history", func(t *testing.T) {
		var entries []domain.LogEntry
		testenv.Eventually(t, 20*time.Second, func() bool {
			r := s.do(t, http.MethodGet, s.mgr+"/transactions/rt-eur-usd/log", "")
			entries = nil
			return r.code == http.StatusOK && json.Unmarshal(r.body, &entries) == nil && len(entries) == 3
		}, "history of rt-eur-usd with 3 entries: %+v", entries)
		want := []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted}
		for i, e := range entries {
			if e.TransactionID != "rt-eur-usd" || e.Status != want[i] || e.Version != int64(i+1) || e.At.IsZero() {
				t.Fatalf("entry %d %+v, want %s version %d", i, e, want[i], i+1)
			}
		}
		s.do(t, http.MethodGet, s.mgr+"/transactions/rt-never/log", "").problem(t, edge.CodeTransactionNotFound)
		s.do(t, http.MethodGet, s.mgr+"/transactions/rt%20bad/log", "").problem(t, edge.CodeInvalidID)
		s.do(t, http.MethodGet, s.mgr+"/transactions/rt-plain/log?limit=1", "").problem(t, edge.CodeInvalidQuery)
	})

	t.Run("GET /transactions/log filtered, paginated by the Link cursor", func(t *testing.T) {
		for i := range 5 {
			id := fmt.Sprintf("rt-log-%d", i)
			s.post(t, fmt.Sprintf(`{"id":%q,"amount":"%d.00","currency":"EUR"}`, id, i+1))
			final[id] = s.terminal(t, id).Status
		}
		wantCompleted := map[string]bool{}
		entriesTotal := 0
		for id, st := range final {
			if st == domain.StatusCompleted {
				wantCompleted[id] = true
			}
			_, tx := s.transaction(t, id, "")
			entriesTotal += len(tx.History)
		}
		// The index follows the transactions table: wait until it lists everything.
		testenv.Eventually(t, 20*time.Second, func() bool {
			return len(s.walkLog(t, "?limit=1000")) == entriesTotal
		}, "the log lists all %d status changes", entriesTotal)

		pages := 0
		got := s.walkLogPages(t, "?status=completed&limit=2", func(page []domain.LogEntry, last bool) {
			pages++
			if len(page) > 2 || (!last && len(page) != 2) {
				t.Fatalf("page %d has %d entries with limit 2 (last %v)", pages, len(page), last)
			}
		})
		seen := map[string]bool{}
		for i, e := range got {
			if e.Status != domain.StatusCompleted || seen[e.TransactionID] || !wantCompleted[e.TransactionID] {
				t.Fatalf("entry %d %+v: want each completed transaction once", i, e)
			}
			if i > 0 && e.At.Before(got[i-1].At) {
				t.Fatalf("entry %d at %s is before entry %d at %s", i, e.At, i-1, got[i-1].At)
			}
			seen[e.TransactionID] = true
		}
		if len(seen) != len(wantCompleted) || pages != (len(wantCompleted)+1)/2 {
			t.Fatalf("walked %d completed transactions in %d pages, want %d in %d", len(seen), pages, len(wantCompleted), (len(wantCompleted)+1)/2)
		}
		failed := s.walkLog(t, "?status=failed")
		if len(failed) != 1 || failed[0].TransactionID != "rt-no-rate" || failed[0].Reason != domain.ReasonNoRate {
			t.Fatalf("failed entries %+v, want rt-no-rate with no_rate", failed)
		}
		// A time window from the last completion on holds only it.
		lastAt := got[len(got)-1].At
		window := s.walkLog(t, "?status=completed&from="+lastAt.Format(time.RFC3339Nano))
		if len(window) != 1 || window[0].TransactionID != got[len(got)-1].TransactionID {
			t.Fatalf("entries from %s: %+v, want only %s", lastAt, window, got[len(got)-1].TransactionID)
		}
		for _, q := range []string{"?status=done", "?limit=0", "?from=yesterday", "?page=2", "?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z"} {
			s.do(t, http.MethodGet, s.mgr+"/transactions/log"+q, "").problem(t, edge.CodeInvalidQuery)
		}
		s.do(t, http.MethodGet, s.mgr+"/transactions/log?cursor=not-a-cursor", "").problem(t, edge.CodeInvalidCursor)
	})

	t.Run("probes and the OpenAPI document", func(t *testing.T) { s.checkProbes(t) })
}

// walkLog follows the Link headers of GET /transactions/log from query
// to the last page and returns every entry.
func (s *e2eStack) walkLog(t testing.TB, query string) []domain.LogEntry {
	t.Helper()
	return s.walkLogPages(t, query, nil)
}

func (s *e2eStack) walkLogPages(t testing.TB, query string, each func(page []domain.LogEntry, last bool)) []domain.LogEntry {
	t.Helper()
	var all []domain.LogEntry
	next := "/transactions/log" + query
	for n := 0; next != ""; n++ {
		if n > 1000 {
			t.Fatalf("more than 1000 pages from %s", query)
		}
		r := s.do(t, http.MethodGet, s.mgr+next, "").expect(t, http.StatusOK)
		var page []domain.LogEntry
		r.decode(t, &page)
		next = linkNext(t, r.header.Get("Link"))
		if each != nil {
			each(page, next == "")
		}
		all = append(all, page...)
	}
	return all
}

// linkNext reads the target of an RFC 8288 rel="next" link.
func linkNext(t testing.TB, link string) string {
	t.Helper()
	if link == "" {
		return ""
	}
	start, end := strings.Index(link, "<"), strings.Index(link, ">")
	if start != 0 || end < 0 || !strings.HasSuffix(link, `; rel="next"`) || !strings.HasPrefix(link[1:end], "/transactions/log?") {
		t.Fatalf("Link header %q is not <\\/transactions/log?...>; rel=\"next\"", link)
	}
	return link[1:end]
}
