package conversions

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// TestCrossRateRecordsBothLegs: a cross rate through EUR uses two rates,
// possibly of different dates and sources. The record keeps each leg
// (currency, rate, date, source) in rate_legs, from-leg first, and dates
// the result by the older one; a direct pair has one leg. Checked on the
// record's JSON, which is what the table, the results topic and GET
// /convert/{id} carry.
func TestCrossRateRecordsBothLegs(t *testing.T) {
	tp := startTestProcessor(t)
	tp.putRate(domain.Rate{Currency: "USD", Rate: "1.25", Date: "2024-06-28", Source: "manual"})
	tp.putRate(domain.Rate{Currency: "CAD", Rate: "1.5", Date: "2024-01-15", Source: "ecb-import:eurofxref-hist.csv"})
	usdLeg := map[string]any{"currency": "USD", "rate": "1.25", "date": "2024-06-28", "source": "manual"}
	cadLeg := map[string]any{"currency": "CAD", "rate": "1.5", "date": "2024-01-15", "source": "ecb-import:eurofxref-hist.csv"}
	cases := []struct {
		name     string
		req      domain.ConversionRequest
		date     string
		wantLegs []any
	}{
		{"cross USD to CAD", standalone(t, "legs-cross", "100.00", "USD", "CAD"), "2024-01-15", []any{usdLeg, cadLeg}},
		{"linked cross CAD to USD", linked("legs-linked", "100.00", "CAD", "USD"), "2024-01-15", []any{cadLeg, usdLeg}},
		{"direct EUR to USD", standalone(t, "legs-direct", "100.00", "EUR", "USD"), "2024-06-28", []any{usdLeg}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tp.consume(tc.req)
			var rec map[string]any
			if err := json.Unmarshal(mustEncode(t, tp.stored(tc.req.ID)), &rec); err != nil {
				t.Fatal(err)
			}
			if rec["status"] != "completed" || rec["rate_date"] != tc.date {
				t.Errorf("status %v, rate_date %v; want completed, %s (the older leg's)", rec["status"], rec["rate_date"], tc.date)
			}
			if !reflect.DeepEqual(rec["rate_legs"], tc.wantLegs) {
				t.Errorf("rate_legs %v, want %v", rec["rate_legs"], tc.wantLegs)
			}
		})
	}
}

// putRate puts one rate in the rates table, as the rates processor would.
func (tp *testProcessor) putRate(r domain.Rate) {
	r.Schema, r.Base, r.UpdatedAt = domain.SchemaVersion, domain.BaseCurrency, requestedAt
	tp.tt.SetTableValue(streams.Table(tp.cfg.Groups.Rates), r.Currency, &r)
}

func mustEncode(t *testing.T, c *domain.Conversion) []byte {
	t.Helper()
	if c == nil {
		t.Fatal("nothing stored")
	}
	data, err := codec{}.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
