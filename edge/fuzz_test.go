package edge

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/valyala/fasthttp"
)

var transactionSeeds = []string{
	`{"id":"tx-1","amount":"10.50","currency":"USD"}`,
	`{"id":"tx-1","amount":10.5,"currency":"USD","target_currency":"EUR"}`,
	`{"id":"a:b.c_d-e","amount":"1e2","currency":"JPY","metadata":{"z":[1,2,{"y":null}],"a":"\u00e9"}}`,
	`{"id":"tx-1","amount":"1","currency":"USD","metadata":{"a":1,"a":2}}`,
	`{"\u0069d":"x","amount":0.01,"currency":"EUR","target_currency":null}`,
	`{"id":"x","amount":-1,"currency":"USD"}`,
	`[1,2]`, `{}`, `{"id":"x"} trailing`, `{"id":"\ud800","amount":"1","currency":"USD"}`,
}

// requestBody is a transaction event written back as a client would send
// it, by encoding/json (not by this package's scanner).
type requestBody struct {
	ID             string          `json:"id"`
	Amount         any             `json:"amount"`
	Currency       string          `json:"currency"`
	TargetCurrency string          `json:"target_currency,omitempty"`
	Metadata       json.RawMessage `json:"metadata,omitempty"`
}

// FuzzDecodeTransaction checks DecodeTransaction on any body. Invariants:
//   - it never panics;
//   - every refusal is a *RequestError whose code is a 4xx of the catalog;
//   - accepted input round-trips exactly: encoding the event back into a
//     request body (with encoding/json) and decoding it again gives the
//     same event, fingerprint included; so does sending the canonical
//     amount as a JSON number instead of a string (numbers are read
//     exactly, never through float64).
func FuzzDecodeTransaction(f *testing.F) {
	for _, s := range transactionSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := DecodeTransaction(body, fixedNow)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		for _, amount := range []any{ev.Amount, json.Number(ev.Amount)} {
			again := roundTrip(t, requestBody{ev.ID, amount, ev.Currency, ev.TargetCurrency, ev.Metadata})
			if !reflect.DeepEqual(ev, again) {
				t.Fatalf("round trip changed the event:\n%+v\n%+v", ev, again)
			}
		}
	})
}

func roundTrip(t *testing.T, b requestBody) domain.TransactionRequested {
	t.Helper()
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatalf("encode %+v: %v", b, err)
	}
	ev, err := DecodeTransaction(raw, fixedNow)
	if err != nil {
		t.Fatalf("re-encoded body %s refused: %v", raw, err)
	}
	return ev
}

func checkRefusal(t *testing.T, err error) {
	t.Helper()
	var re *RequestError
	if !errors.As(err, &re) {
		t.Fatalf("refusal %v is not a *RequestError", err)
	}
	if code, entry := Lookup(re.Code); code != re.Code || entry.Status/100 != 4 {
		t.Fatalf("refusal code %q is not a 4xx catalog code", re.Code)
	}
}

// FuzzDecodeConversion checks DecodeConversion on any body. Invariants:
// never panics; refusals are 4xx *RequestError; accepted input re-encoded
// by encoding/json decodes to the same request, fingerprint included.
func FuzzDecodeConversion(f *testing.F) {
	f.Add([]byte(`{"id":"c-1","amount":"100","from":"USD","to":"EUR"}`))
	f.Add([]byte(`{"id":"c-1","amount":1.25,"from":"GBP","to":"JPY"}`))
	f.Add([]byte(`{"id":"c-1","amount":"1","from":"USD","to":"EUR","to":"EUR"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodeConversion(body, fixedNow)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		raw, err := json.Marshal(map[string]any{"id": req.ID, "amount": json.Number(req.Amount), "from": req.From, "to": req.To})
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeConversion(raw, fixedNow)
		if err != nil || !reflect.DeepEqual(req, again) {
			t.Fatalf("round trip of %s: %+v %v, want %+v", raw, again, err, req)
		}
	})
}

// FuzzDecodeRate checks DecodeRate. Invariants: never panics; refusals are
// 4xx *RequestError; an accepted rate re-encoded decodes to the same rate.
func FuzzDecodeRate(f *testing.F) {
	f.Add("USD", []byte(`{"rate":"1.0823","date":"2025-03-14"}`))
	f.Add("JPY", []byte(`{"rate":161.5,"date":"2025-03-14","source":"ECB"}`))
	f.Add("EUR", []byte(`{"rate":"1","date":"2025-03-14"}`))
	f.Fuzz(func(t *testing.T, code string, body []byte) {
		r, err := DecodeRate(code, body, fixedNow)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		raw, err := json.Marshal(map[string]any{"rate": r.Rate, "date": r.Date, "source": r.Source})
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeRate(code, raw, fixedNow)
		if err != nil || !reflect.DeepEqual(r, again) {
			t.Fatalf("round trip of %s: %+v %v, want %+v", raw, again, err, r)
		}
	})
}

// FuzzParseLogQuery checks the query parser of GET /transactions/log.
// Invariants: never panics; refusals are 4xx *RequestError; an accepted
// query rendered by logQueryString (what the Link header carries) parses
// to the same query, so following a Link never changes the filter.
func FuzzParseLogQuery(f *testing.F) {
	f.Add("status=failed&from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00.5%2B01:00&limit=10&cursor=abc")
	f.Add("limit=5000&cursor=a+b%2Fc")
	f.Add("status=nope")
	f.Add("from=0000-01-01T00:00:00%2B01:00")
	f.Fuzz(func(t *testing.T, query string) {
		var args fasthttp.Args
		args.Parse(query)
		q, err := parseLogQuery(&args, 100, 1000)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		var again fasthttp.Args
		again.Parse(logQueryString(q))
		q2, err := parseLogQuery(&again, 100, 1000)
		if err != nil {
			t.Fatalf("rendered query %q refused: %v", logQueryString(q), err)
		}
		if q.Status != q2.Status || q.Cursor != q2.Cursor || q.Limit != q2.Limit || !q.From.Equal(q2.From) || !q.To.Equal(q2.To) {
			t.Fatalf("round trip changed the query:\n%+v\n%+v", q, q2)
		}
	})
}

// FuzzPathProblem checks pathProblem on any path: a path it accepts is
// routed on the segments that were sent. Invariants: never panics; for an
// accepted path, fasthttp's normalization keeps every slash (none decoded
// from an escape, none collapsed, no segment removed) and leaves no "." or
// ".." segment; it may only decode escapes inside a segment.
func FuzzPathProblem(f *testing.F) {
	for _, seed := range []string{"/", "/rates/JPY", "/convert/..%2Frates%2FJPY", "/%72ates/JPY", "//rates", "/a/./b", "/a%3Ab/", "/a%2", "/.%2e/"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if pathProblem([]byte(raw)) != "" {
			return
		}
		var u fasthttp.URI
		u.SetPath(raw)
		if got, want := strings.Count(string(u.Path()), "/"), strings.Count(raw, "/"); got != want {
			t.Fatalf("accepted %q, normalized to %q: %d slashes, sent %d", raw, u.Path(), got, want)
		}
		for _, seg := range strings.Split(string(u.Path()), "/")[1:] {
			if seg == "." || seg == ".." {
				t.Fatalf("accepted %q, normalized to %q with a dot segment", raw, u.Path())
			}
		}
	})
}
