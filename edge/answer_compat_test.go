package edge

import (
	"bytes"
	stdjson "encoding/json"
	"testing"
	"time"

	"github.com/segmentio/encoding/json"
	"github.com/txstream/txstream/domain"
)

// TestAnswersKeepEncodingJSONBytes: the answers are written with
// segmentio/encoding (see streams/codec.go); they must stay byte for byte
// what encoding/json wrote, escaping and null members included.
func TestAnswersKeepEncodingJSONBytes(t *testing.T) {
	at := time.Date(2026, 11, 24, 23, 44, 2, 889779769, time.UTC)
	ev := domain.TransactionRequested{
		Schema: 1, ID: "tx-<1>&", Amount: "100.00", Currency: "EUR", TargetCurrency: "USD",
		Metadata: []byte(`{"note":"<b>\u2028"}`), Fingerprint: "f\xff", ReceivedAt: at,
	}
	completed := domain.Conversion{
		Schema: 1, ID: "c-1", Status: domain.StatusCompleted, Amount: "1.00", From: "EUR", To: "USD",
		ConvertedValue: "1.09", Rate: "1.0856", RateDate: "2026-11-20", RateSource: "ecb",
		Rounding: domain.RoundingHalfEven, Fingerprint: "f", RequestedAt: at, ConvertedAt: at.Add(time.Millisecond),
		RateLegs: []domain.RateLeg{{Currency: "USD", Rate: "1.0856", Date: "2026-11-20", Source: "ecb-import:<eurofxref>.csv"}},
	}
	failed := domain.Conversion{Schema: 1, ID: "c-2", Status: domain.StatusFailed, Reason: domain.ReasonNoRate, RequestedAt: at}
	rate := domain.Rate{Schema: 1, Currency: "USD", Base: "EUR", Rate: "1.0856", Date: "2026-11-20", Source: "ecb", UpdatedAt: at}
	answers := map[string]any{
		"created":            createdAnswer{Status: "Transaction created", Transaction: asReceived(ev)},
		"created without":    createdAnswer{Status: "Transaction created"},
		"conversion sent":    sentAnswer{Status: "Conversion request sent", ID: "c-1", Conversion: domain.ConversionRequest{Schema: 1, ID: "c-1", RequestedAt: at}},
		"conversion done":    resultOf(&completed),
		"conversion failed":  resultOf(&failed),
		"conversion pending": pendingResult("c-3"),
		"rates":              ratesAnswer{Base: "EUR", Rates: []domain.Rate{rate, rate}},
		"no rates":           ratesAnswer{Base: "EUR", Rates: []domain.Rate{}},
		"rate set":           rateSetAnswer{Status: "Rate set", Rate: rate},
		"log entries":        []domain.LogEntry{{TransactionID: "t", Status: domain.StatusFailed, Reason: domain.ReasonConflict, Version: 2, At: at}},
		"no log entries":     nonNil(nil),
		"problem":            newProblem(CodeTransactionNotFound, "id", "no <transaction> & \"id\"", "/transactions/x"),
		"rate superseded":    supersededProblem{Problem: newProblem(CodeRateSuperseded, "date", "keeps <USD>", "/rates/USD"), RateInForce: rate},
	}
	for name, answer := range answers {
		t.Run(name, func(t *testing.T) {
			want, err := stdjson.Marshal(answer)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(answer)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("wrote\n%s\nencoding/json wrote\n%s", got, want)
			}
		})
	}
}
