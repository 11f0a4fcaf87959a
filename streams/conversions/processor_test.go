package conversions

import (
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// The rates of these tests: one EUR buys 1.25 USD, 160 JPY, 20000 IDR. JPY
// is a day older than the others, so a cross rate through it is dated by it.
func withTestRates(tp *testProcessor) {
	tp.setRates("2024-06-28", "USD", "1.25", "IDR", "20000")
	tp.setRates("2024-06-27", "JPY", "160")
}

// want is the part of a stored conversion a case checks.
type want struct {
	status domain.Status
	reason domain.Reason
	amount string
	value  string
	rate   string
	date   string
}

func TestConversions(t *testing.T) {
	tp := startTestProcessor(t)
	withTestRates(tp)
	cases := []struct {
		name string
		req  domain.ConversionRequest
		want want
	}{
		// 100 × 1.25 = 125
		{"direct EUR to USD", standalone(t, "c-direct", "100", "EUR", "USD"),
			want{domain.StatusCompleted, "", "100.00", "125.00", "1.25", "2024-06-28"}},
		// 100 ÷ 1.25 = 80; rate 1 ÷ 1.25
		{"inverse USD to EUR", standalone(t, "c-inverse", "100.00", "USD", "EUR"),
			want{domain.StatusCompleted, "", "100.00", "80.00", "0.8", "2024-06-28"}},
		// 10 × 160 ÷ 1.25 = 1280; dated by the older JPY leg
		{"cross USD to JPY through EUR", standalone(t, "c-cross", "10", "USD", "JPY"),
			want{domain.StatusCompleted, "", "10.00", "1280", "128", "2024-06-27"}},
		// 1 × 1.25 ÷ 160 = 0.0078125 → 0.01
		{"cross JPY to USD rounds half-even", standalone(t, "c-tiny", "1", "JPY", "USD"),
			want{domain.StatusCompleted, "", "1", "0.01", "0.0078125", "2024-06-27"}},
		{"linked cross", linked("tx-cross", "10.00", "USD", "JPY"),
			want{domain.StatusCompleted, "", "10.00", "1280", "128", "2024-06-27"}},
		{"missing rate", standalone(t, "c-norate", "1.00", "EUR", "GBP"),
			want{domain.StatusFailed, domain.ReasonNoRate, "1.00", "", "", ""}},
		{"linked missing rate", linked("tx-norate", "1.00", "GBP", "USD"),
			want{domain.StatusFailed, domain.ReasonNoRate, "1.00", "", "", ""}},
		{"invalid currency", unchecked("c-badcur", "1.00", "XYZ", "USD"),
			want{domain.StatusFailed, domain.ReasonInvalidCurrency, "1.00", "", "", ""}},
		{"linked invalid currency", linked("tx-badcur", "1.00", "usd", "JPY"),
			want{domain.StatusFailed, domain.ReasonInvalidCurrency, "1.00", "", "", ""}},
		{"invalid amount", unchecked("c-badamt", "1.001", "USD", "EUR"),
			want{domain.StatusFailed, domain.ReasonInvalidAmount, "1.001", "", "", ""}},
		{"linked invalid amount", linked("tx-badamt", "-5.00", "USD", "JPY"),
			want{domain.StatusFailed, domain.ReasonInvalidAmount, "-5.00", "", "", ""}},
		// 9999999999999999.99 × 20000 has 21 integer digits; the decimal holds 19.
		{"overflow", standalone(t, "c-overflow", "9999999999999999.99", "EUR", "IDR"),
			want{domain.StatusFailed, domain.ReasonOverflow, "9999999999999999.99", "", "", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			counts := tp.delta(func() { tp.consume(tc.req) })
			if wantCounts := map[string]int{"processed": 1, "converted": 1}; !maps.Equal(counts, wantCounts) {
				t.Errorf("observer counts %v, want %v", counts, wantCounts)
			}
			got := tp.stored(tc.req.ID)
			if got == nil {
				t.Fatalf("nothing stored under %s", tc.req.ID)
			}
			checkConversion(t, *got, tc.req, tc.want)
			emitted := tp.emitted(t)
			if tc.req.TransactionID == "" {
				if len(emitted) != 0 {
					t.Errorf("standalone request emitted %v", emitted)
				}
				return
			}
			if res := emitted[tc.req.TransactionID]; len(res) != 1 || !reflect.DeepEqual(res[0], *got) || len(emitted) != 1 {
				t.Errorf("emitted %v; want exactly the stored record under %s", emitted, tc.req.TransactionID)
			}
		})
	}
}

func checkConversion(t *testing.T, got domain.Conversion, req domain.ConversionRequest, w want) {
	t.Helper()
	rounding, source := "", ""
	if w.status == domain.StatusCompleted {
		rounding, source = domain.RoundingHalfEven, "ecb"
	}
	exp := domain.Conversion{
		Schema: domain.SchemaVersion, ID: req.ID, TransactionID: req.TransactionID,
		Status: w.status, Reason: w.reason, Amount: w.amount, From: req.From, To: req.To,
		ConvertedValue: w.value, Rate: w.rate, RateDate: w.date, RateSource: source, Rounding: rounding,
		Fingerprint: expectedFingerprint(req), RequestedAt: requestedAt, ConvertedAt: convertedAt,
	}
	got.RateLegs = nil // checked by TestCrossRateRecordsBothLegs
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("stored\n %+v\nwant\n %+v", got, exp)
	}
}

// expectedFingerprint is the fingerprint the writer of req computed: the
// edge's or the transactions processor's, both from domain; a request no
// domain constructor accepts gets a local one, never the client's.
func expectedFingerprint(req domain.ConversionRequest) string {
	if req.Fingerprint == "client-made" {
		return streams.LocalFingerprint("standalone", req.ID, req.Amount, req.From, req.To)
	}
	return req.Fingerprint
}

// TestDuplicates: the same request again is not computed again (a changed
// rate does not show), and a linked one gets the stored result re-sent.
func TestDuplicates(t *testing.T) {
	cases := []struct {
		name   string
		first  domain.ConversionRequest
		again  domain.ConversionRequest
		resend bool
	}{
		{"standalone", standalone(nil, "c-dup", "100.00", "EUR", "USD"), standalone(nil, "c-dup", "100.00", "EUR", "USD"), false},
		{"standalone with the amount written otherwise", standalone(nil, "c-dup2", "100", "EUR", "USD"), standalone(nil, "c-dup2", "100.0", "EUR", "USD"), false},
		{"linked", linked("tx-dup", "100.00", "EUR", "USD"), linked("tx-dup", "100.00", "EUR", "USD"), true},
		{"linked and failed", linked("tx-dupfail", "100.00", "EUR", "GBP"), linked("tx-dupfail", "100.00", "EUR", "GBP"), true},
		{"invalid, from another client", unchecked("c-dupbad", "1", "EUR", "XYZ"), unchecked("c-dupbad", "1", "EUR", "XYZ"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tp := startTestProcessor(t)
			withTestRates(tp)
			tp.consume(tc.first)
			first := *tp.stored(tc.first.ID)
			firstEmitted := tp.emitted(t)
			tp.setRates("2024-06-29", "USD", "2", "GBP", "0.85") // would change the result
			counts := tp.delta(func() { tp.consume(tc.again) })
			if want := map[string]int{"processed": 1, "duplicate": 1}; !maps.Equal(counts, want) {
				t.Errorf("observer counts %v, want %v", counts, want)
			}
			if got := tp.stored(tc.first.ID); got == nil || !reflect.DeepEqual(*got, first) {
				t.Errorf("stored %+v, want the first result %+v", got, first)
			}
			again := tp.emitted(t)
			if !tc.resend {
				if len(again) != 0 {
					t.Errorf("emitted %v, want nothing", again)
				}
				return
			}
			if !reflect.DeepEqual(again[tc.first.TransactionID], firstEmitted[tc.first.TransactionID]) || len(again[tc.first.TransactionID]) != 1 {
				t.Errorf("re-sent %v, want the first result %v", again, firstEmitted)
			}
		})
	}
}

// TestConflicts: another request under a taken id leaves the stored
// conversion as it was, but for its conflict counter; a linked one is
// answered with a failure under its own fingerprint.
func TestConflicts(t *testing.T) {
	cases := []struct {
		name          string
		first, second domain.ConversionRequest
	}{
		{"standalone after standalone", standalone(nil, "c-conf", "100.00", "EUR", "USD"), standalone(nil, "c-conf", "200.00", "EUR", "USD")},
		{"standalone with another target", standalone(nil, "c-conf2", "100.00", "EUR", "USD"), standalone(nil, "c-conf2", "100.00", "EUR", "JPY")},
		{"linked after linked", linked("tx-conf", "10.00", "USD", "JPY"), linked("tx-conf", "20.00", "USD", "JPY")},
		{"linked after a standalone took the id", standalone(nil, "tx-taken", "10.00", "USD", "JPY"), linked("tx-taken", "10.00", "USD", "JPY")},
		{"standalone after linked", linked("tx-first", "10.00", "USD", "JPY"), standalone(nil, "tx-first", "10.00", "USD", "JPY")},
		{"valid after an invalid one", unchecked("c-conf3", "1", "EUR", "XYZ"), standalone(nil, "c-conf3", "1", "EUR", "USD")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tp := startTestProcessor(t)
			withTestRates(tp)
			tp.consume(tc.first)
			first := *tp.stored(tc.first.ID)
			tp.emitted(t)
			for n := int64(1); n <= 2; n++ {
				counts := tp.delta(func() { tp.consume(tc.second) })
				if want := map[string]int{"processed": 1, "conflict": 1}; !maps.Equal(counts, want) {
					t.Errorf("attempt %d: observer counts %v, want %v", n, counts, want)
				}
				want := first
				want.Conflicts = n
				if got := tp.stored(tc.first.ID); got == nil || !reflect.DeepEqual(*got, want) {
					t.Errorf("attempt %d: stored %+v, want %+v", n, got, want)
				}
				checkConflictAnswer(t, tp.emitted(t), tc.second)
			}
		})
	}
}

func checkConflictAnswer(t *testing.T, emitted map[string][]domain.Conversion, req domain.ConversionRequest) {
	t.Helper()
	if req.TransactionID == "" {
		if len(emitted) != 0 {
			t.Errorf("standalone conflict emitted %v", emitted)
		}
		return
	}
	want := domain.Conversion{
		Schema: domain.SchemaVersion, ID: req.ID, TransactionID: req.TransactionID,
		Status: domain.StatusFailed, Reason: domain.ReasonConflict,
		Amount: req.Amount, From: req.From, To: req.To, Fingerprint: req.Fingerprint,
		RequestedAt: requestedAt, ConvertedAt: convertedAt,
	}
	if got := emitted[req.TransactionID]; len(emitted) != 1 || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("emitted %+v\nwant one %+v", emitted, want)
	}
}

// TestMalformed: what cannot be read or is misaddressed is counted and
// dropped; a transaction visibly waiting for it is told it failed.
func TestMalformed(t *testing.T) {
	newer := linked("tx-newer", "10.00", "USD", "JPY")
	newer.Schema = domain.SchemaVersion + 1
	misaddressedTx := linked("tx-other", "10.00", "USD", "JPY")
	misaddressedTx.ID = "tx-here"
	cases := []struct {
		name string
		key  string
		raw  []byte
		// answered is the fingerprint of the failure sent to the
		// transaction named key; "" means nothing is sent.
		answered string
		reason   string // of the dead letter of raw
	}{
		{"not JSON", "c-garbage", []byte("id=1&amount=10"), "", streams.ReasonMalformed},
		{"empty", "c-empty", []byte{}, "", streams.ReasonMalformed},
		{"JSON array", "c-array", []byte(`[1,2]`), "", streams.ReasonMalformed},
		{"amount as a number, standalone", "c-number", []byte(`{"id":"c-number","amount":10,"from":"USD","to":"EUR"}`), "", streams.ReasonMalformed},
		{"amount as a number, linked", "tx-number", []byte(`{"id":"tx-number","transaction_id":"tx-number","amount":10,"from":"USD","to":"JPY"}`),
			linkedFingerprint("tx-number", "", "USD", "JPY"), streams.ReasonMalformed},
		{"schema from the future, linked", "tx-newer", mustJSON(t, newer), newer.Fingerprint, streams.ReasonUnknownSchema},
		{"id is not the key", "c-key", mustJSON(t, standalone(t, "c-id", "1.00", "EUR", "USD")), "", streams.ReasonMalformed},
		{"linked to another transaction", "tx-here", mustJSON(t, misaddressedTx), "", streams.ReasonMalformed},
		{"key is not a valid id", "bad key!", mustJSON(t, unchecked("bad key!", "1.00", "EUR", "USD")), "", streams.ReasonInvalidKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tp := startTestProcessor(t)
			withTestRates(tp)
			counts := tp.delta(func() { tp.consumeRaw(t, tc.key, tc.raw) })
			want := map[string]int{"processed": 1, "malformed": 1, "dead_letter": 1, "dead_letter/" + string(tc.reason): 1}
			if !maps.Equal(counts, want) {
				t.Errorf("observer counts %v, want %v", counts, want)
			}
			if keys := tp.tt.GetTableKeys(tp.table); len(keys) != 0 {
				t.Errorf("stored under %v; want nothing stored", keys)
			}
			checkMalformedAnswer(t, tp.emitted(t), tc.key, tc.answered)
			// Still running: a valid request goes through.
			tp.consume(standalone(t, "c-after", "100", "EUR", "USD"))
			if got := tp.stored("c-after"); got == nil || got.ConvertedValue != "125.00" {
				t.Errorf("after the bad input: stored %+v", got)
			}
		})
	}
}

func checkMalformedAnswer(t *testing.T, emitted map[string][]domain.Conversion, key, fingerprint string) {
	t.Helper()
	if fingerprint == "" {
		if len(emitted) != 0 {
			t.Errorf("emitted %v, want nothing", emitted)
		}
		return
	}
	got := emitted[key]
	if len(emitted) != 1 || len(got) != 1 {
		t.Fatalf("emitted %v, want one failure under %s", emitted, key)
	}
	res := got[0]
	if res.Status != domain.StatusFailed || res.Reason != domain.ReasonMalformedEvent ||
		res.TransactionID != key || res.ID != key || res.Fingerprint != fingerprint || !strings.HasPrefix(res.From, "USD") {
		t.Errorf("emitted %+v; want failed malformed_event for %s with fingerprint %s", res, key, fingerprint)
	}
}
