package edge

import (
	"bytes"
	"encoding/json"
	"testing"
)

var benchBodies = []struct{ name, body string }{
	{"string_amount", `{"id":"tx-000000001","amount":"1234.56","currency":"USD","target_currency":"EUR"}`},
	{"number_amount", `{"id":"tx-000000001","amount":1234.56,"currency":"USD"}`},
	{"with_metadata", `{"id":"tx-000000001","amount":"1234.56","currency":"USD","metadata":{"customer":"c-42","channel":"web","tags":["a","b"]}}`},
}

func BenchmarkDecodeTransaction(b *testing.B) {
	for _, bb := range benchBodies {
		body := []byte(bb.body)
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := DecodeTransaction(body, fixedNow); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecodeConversion(b *testing.B) {
	body := []byte(`{"id":"c-000000001","amount":"1234.56","from":"USD","to":"EUR"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeConversion(body, fixedNow); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStdlibStrictBaseline is the reference point: encoding/json with
// unknown fields refused and numbers kept, which still misses duplicates.
func BenchmarkStdlibStrictBaseline(b *testing.B) {
	body := []byte(benchBodies[0].body)
	b.ReportAllocs()
	for b.Loop() {
		var in struct {
			ID             string      `json:"id"`
			Amount         json.Number `json:"amount"`
			Currency       string      `json:"currency"`
			TargetCurrency string      `json:"target_currency"`
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		dec.UseNumber()
		if err := dec.Decode(&in); err != nil {
			b.Fatal(err)
		}
	}
}
