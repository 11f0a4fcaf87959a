package edge

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

var fixedNow = time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)

func TestDecodeTransactionAccepts(t *testing.T) {
	cases := []struct {
		name, body string
		amount     string
		meta       string
		target     string
	}{
		{"decimal string", `{"id":"tx-1","amount":"10.5","currency":"USD"}`, "10.50", "", ""},
		{"JSON number read exactly", `{"id":"tx-1","amount":0.1,"currency":"USD"}`, "0.10", "", ""},
		{"number beyond float64 precision", `{"id":"tx-1","amount":1234567890123456.78,"currency":"USD"}`, "1234567890123456.78", "", ""},
		{"exponent number", `{"id":"tx-1","amount":1e2,"currency":"JPY"}`, "100", "", ""},
		{"target currency", `{"id":"tx-1","amount":"1","currency":"USD","target_currency":"EUR"}`, "1.00", "", "EUR"},
		{"null optional members", `{"id":"tx-1","amount":"1","currency":"USD","target_currency":null,"metadata":null}`, "1.00", "", ""},
		{"metadata canonical", `{"metadata":{"b":1.50,"a":[1,{"x":"y"}]},"id":"tx-1","amount":"1","currency":"USD"}`, "1.00", `{"a":[1,{"x":"y"}],"b":1.50}`, ""},
		{"escaped key", `{"\u0069d":"tx-1","amount":"1","currency":"USD"}`, "1.00", "", ""},
		{"whitespace around", " \n{ \"id\" : \"tx-1\" , \"amount\" : \"1\" , \"currency\" : \"USD\" }\n ", "1.00", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := DecodeTransaction([]byte(tc.body), fixedNow)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if ev.ID != "tx-1" || ev.Amount != tc.amount || string(ev.Metadata) != tc.meta || ev.TargetCurrency != tc.target {
				t.Fatalf("decoded %+v", ev)
			}
			if ev.Fingerprint == "" || !ev.ReceivedAt.Equal(fixedNow) {
				t.Fatalf("fingerprint %q received %v", ev.Fingerprint, ev.ReceivedAt)
			}
		})
	}
}

func TestDecodeTransactionRefuses(t *testing.T) {
	long := strings.Repeat("a", domain.MaxIDLength+1)
	cases := []struct {
		name, body string
		code       Code
		field      string
	}{
		{"empty body", ``, CodeMalformedJSON, ""},
		{"not JSON", `id=1`, CodeMalformedJSON, ""},
		{"truncated", `{"id":"tx-1"`, CodeMalformedJSON, ""},
		{"trailing data", `{"id":"tx-1","amount":"1","currency":"USD"} {}`, CodeMalformedJSON, ""},
		{"trailing garbage", `{"id":"tx-1","amount":"1","currency":"USD"}x`, CodeMalformedJSON, ""},
		{"array body", `[{"id":"tx-1"}]`, CodeWrongType, ""},
		{"string body", `"tx-1"`, CodeWrongType, ""},
		{"unknown member", `{"id":"tx-1","amount":"1","currency":"USD","ammount":"2"}`, CodeUnknownField, "ammount"},
		{"duplicate member", `{"id":"tx-1","amount":"1","amount":"2","currency":"USD"}`, CodeDuplicateField, "amount"},
		{"duplicate through escape", `{"id":"tx-1","\u0069d":"tx-2","amount":"1","currency":"USD"}`, CodeDuplicateField, "id"},
		{"duplicate null then value", `{"id":"tx-1","amount":null,"amount":"1","currency":"USD"}`, CodeDuplicateField, "amount"},
		{"duplicate inside metadata", `{"id":"tx-1","amount":"1","currency":"USD","metadata":{"a":1,"a":2}}`, CodeDuplicateField, "metadata"},
		{"duplicate deep in metadata", `{"id":"tx-1","amount":"1","currency":"USD","metadata":{"l":[{"k":1,"k":1}]}}`, CodeDuplicateField, "metadata"},
		// encoding/json, and so the canonical metadata, reads both keys as U+FFFD.
		{"keys that differ in invalid UTF-8 only", "{\"id\":\"tx-1\",\"amount\":\"1\",\"currency\":\"USD\",\"metadata\":{\"\xc7\":1,\"\xc8\":2}}", CodeDuplicateField, "metadata"},
		{"id missing", `{"amount":"1","currency":"USD"}`, CodeMissingField, "id"},
		{"id null", `{"id":null,"amount":"1","currency":"USD"}`, CodeMissingField, "id"},
		{"currency missing", `{"id":"tx-1","amount":"1"}`, CodeMissingField, "currency"},
		{"id number", `{"id":1,"amount":"1","currency":"USD"}`, CodeWrongType, "id"},
		{"amount bool", `{"id":"tx-1","amount":true,"currency":"USD"}`, CodeWrongType, "amount"},
		{"amount object", `{"id":"tx-1","amount":{},"currency":"USD"}`, CodeWrongType, "amount"},
		{"metadata string", `{"id":"tx-1","amount":"1","currency":"USD","metadata":"x"}`, CodeWrongType, "metadata"},
		{"id empty", `{"id":"","amount":"1","currency":"USD"}`, CodeInvalidID, "id"},
		{"id too long", `{"id":"` + long + `","amount":"1","currency":"USD"}`, CodeInvalidID, "id"},
		{"id charset", `{"id":"tx/1","amount":"1","currency":"USD"}`, CodeInvalidID, "id"},
		{"currency lowercase", `{"id":"tx-1","amount":"1","currency":"usd"}`, CodeInvalidCurrency, "currency"},
		{"currency unknown", `{"id":"tx-1","amount":"1","currency":"ABC"}`, CodeInvalidCurrency, "currency"},
		{"target unknown", `{"id":"tx-1","amount":"1","currency":"USD","target_currency":"XYZ"}`, CodeInvalidCurrency, "target_currency"},
		{"amount zero", `{"id":"tx-1","amount":"0","currency":"USD"}`, CodeInvalidAmount, "amount"},
		{"amount negative number", `{"id":"tx-1","amount":-5,"currency":"USD"}`, CodeInvalidAmount, "amount"},
		{"amount too precise", `{"id":"tx-1","amount":"1.001","currency":"USD"}`, CodeInvalidAmount, "amount"},
		{"amount too long", `{"id":"tx-1","amount":"1234567890123456789","currency":"USD"}`, CodeInvalidAmount, "amount"},
		{"amount text", `{"id":"tx-1","amount":"ten","currency":"USD"}`, CodeInvalidAmount, "amount"},
		{"amount spaces", `{"id":"tx-1","amount":" 1","currency":"USD"}`, CodeInvalidAmount, "amount"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeTransaction([]byte(tc.body), fixedNow)
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("error %v is not a *RequestError", err)
			}
			if re.Code != tc.code || re.Field != tc.field {
				t.Fatalf("got %s field %q (%v), want %s field %q", re.Code, re.Field, err, tc.code, tc.field)
			}
			if _, entry := Lookup(re.Code); entry.Status/100 != 4 {
				t.Fatalf("code %s is not a 4xx", re.Code)
			}
		})
	}
}

func TestDecodeConversion(t *testing.T) {
	cases := []struct {
		name, body string
		code       Code
		field      string
	}{
		{"accepted", `{"id":"c-1","amount":"100","from":"USD","to":"EUR"}`, "", ""},
		{"accepted number", `{"id":"c-1","amount":99.99,"from":"USD","to":"EUR"}`, "", ""},
		{"to missing", `{"id":"c-1","amount":"100","from":"USD"}`, CodeMissingField, "to"},
		{"unknown member", `{"id":"c-1","amount":"100","from":"USD","to":"EUR","rate":"1"}`, CodeUnknownField, "rate"},
		{"duplicate", `{"id":"c-1","amount":"100","from":"USD","to":"EUR","to":"GBP"}`, CodeDuplicateField, "to"},
		{"bad from", `{"id":"c-1","amount":"100","from":"US","to":"EUR"}`, CodeInvalidCurrency, "from"},
		{"amount precision follows from", `{"id":"c-1","amount":"1.5","from":"JPY","to":"EUR"}`, CodeInvalidAmount, "amount"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := DecodeConversion([]byte(tc.body), fixedNow)
			if tc.code == "" {
				if err != nil || req.ID != "c-1" || req.Fingerprint == "" {
					t.Fatalf("refused or incomplete: %+v %v", req, err)
				}
				return
			}
			var re *RequestError
			if !errors.As(err, &re) || re.Code != tc.code || re.Field != tc.field {
				t.Fatalf("got %v, want %s field %q", err, tc.code, tc.field)
			}
		})
	}
}

func TestDecodeRate(t *testing.T) {
	cases := []struct {
		name, code, body string
		want             Code
		field            string
	}{
		{"accepted", "USD", `{"rate":"1.0823","date":"2025-03-14"}`, "", ""},
		{"accepted number and source", "USD", `{"rate":1.0823,"date":"2025-03-14","source":"ECB"}`, "", ""},
		{"base currency", "EUR", `{"rate":"1","date":"2025-03-14"}`, CodeInvalidCurrency, "currency"},
		{"bad code", "usd", `{"rate":"1","date":"2025-03-14"}`, CodeInvalidCurrency, "currency"},
		{"zero rate", "USD", `{"rate":"0","date":"2025-03-14"}`, CodeInvalidRate, "rate"},
		{"bad date", "USD", `{"rate":"1","date":"14.03.2025"}`, CodeInvalidRate, "date"},
		{"date missing", "USD", `{"rate":"1"}`, CodeMissingField, "date"},
		{"bad source", "USD", `{"rate":"1","date":"2025-03-14","source":"a b"}`, CodeInvalidRate, "source"},
		{"unknown member", "USD", `{"rate":"1","date":"2025-03-14","currency":"USD"}`, CodeUnknownField, "currency"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := DecodeRate(tc.code, []byte(tc.body), fixedNow)
			if tc.want == "" {
				if err != nil || r.Rate != "1.0823" || r.Base != domain.BaseCurrency {
					t.Fatalf("refused or wrong: %+v %v", r, err)
				}
				return
			}
			var re *RequestError
			if !errors.As(err, &re) || re.Code != tc.want || re.Field != tc.field {
				t.Fatalf("got %v, want %s field %q", err, tc.want, tc.field)
			}
		})
	}
}
