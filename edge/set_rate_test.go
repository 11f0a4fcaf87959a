package edge

import (
	"net/http"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// rateClock is the edge's clock in the PUT /rates tests: 14 March 2025,
// late in the day in UTC.
var rateClock = time.Date(2025, 3, 14, 23, 30, 0, 0, time.UTC)

func newRateEnv(t *testing.T) *env {
	t.Helper()
	return newEnv(t, func(c *Config) { c.Now = func() time.Time { return rateClock } }, nil)
}

// TestSetRateRefusesFutureDates: a rate dated more than a day ahead of the
// server's clock is refused before it reaches Kafka; tomorrow is allowed,
// since a client east of UTC may already live in it.
func TestSetRateRefusesFutureDates(t *testing.T) {
	e := newRateEnv(t)
	for _, date := range []string{"9999-12-31", "2025-03-16"} {
		t.Run(date, func(t *testing.T) {
			p := e.call(t, "PUT", e.converter+"/rates/USD", `{"rate":"0.0001","date":"`+date+`"}`).expectProblem(t, CodeInvalidRate)
			if p.Field != "date" {
				t.Errorf("field %q, want date", p.Field)
			}
		})
	}
	if n := len(e.rates.all()); n != 0 {
		t.Fatalf("%d future rates were produced", n)
	}
	for _, date := range []string{"2025-03-15", "2025-03-14", "2025-03-13"} {
		e.call(t, "PUT", e.converter+"/rates/JPY", `{"rate":"161.5","date":"`+date+`"}`).expect(t, http.StatusOK)
	}
}

// TestSetRateRefusesImplausibleRates: a rate against EUR outside 1e-6 …
// 1e9 is a typo or an attack, not a currency; the bounds themselves pass.
func TestSetRateRefusesImplausibleRates(t *testing.T) {
	e := newRateEnv(t)
	for _, rate := range []string{`1e-19`, `1e17`, `"0.00000099"`, `"1000000000.5"`} {
		t.Run(rate, func(t *testing.T) {
			p := e.call(t, "PUT", e.converter+"/rates/USD", `{"rate":`+rate+`,"date":"2025-03-14"}`).expectProblem(t, CodeInvalidRate)
			if p.Field != "rate" {
				t.Errorf("field %q, want rate", p.Field)
			}
		})
	}
	if n := len(e.rates.all()); n != 0 {
		t.Fatalf("%d implausible rates were produced", n)
	}
	for _, rate := range []string{`"0.000001"`, `1e9`} {
		e.call(t, "PUT", e.converter+"/rates/IDR", `{"rate":`+rate+`,"date":"2025-03-14"}`).expect(t, http.StatusOK)
	}
}

// TestSetRateOlderThanInForce: a PUT that the rates table would not apply,
// because the rate in force is of a later date, is answered 409 with that
// rate, never "Rate set", and reaches no topic. The same date is a
// correction (the later update wins) and a later date replaces.
func TestSetRateOlderThanInForce(t *testing.T) {
	e := newRateEnv(t)
	inForce := domain.Rate{Schema: 1, Currency: "USD", Base: "EUR", Rate: "1.0823", Date: "2025-03-13", Source: "ECB",
		UpdatedAt: time.Date(2025, 3, 13, 15, 0, 0, 0, time.UTC)}
	e.tables.putRate(inForce)

	a := e.call(t, "PUT", e.converter+"/rates/USD", `{"rate":"1.09","date":"2025-03-12"}`).expect(t, http.StatusConflict)
	a.expectProblem(t, CodeRateSuperseded)
	got, _ := a.object(t)["rate_in_force"].(map[string]any)
	if got["currency"] != "USD" || got["rate"] != "1.0823" || got["date"] != "2025-03-13" || got["source"] != "ECB" {
		t.Fatalf("rate_in_force %v, want %+v; body %s", got, inForce, a.body)
	}
	if n := len(e.rates.all()); n != 0 {
		t.Fatalf("%d superseded rates were produced", n)
	}
	for _, date := range []string{"2025-03-13", "2025-03-14"} {
		e.call(t, "PUT", e.converter+"/rates/USD", `{"rate":"1.09","date":"`+date+`"}`).expect(t, http.StatusOK)
	}
	if n := len(e.rates.all()); n != 2 {
		t.Fatalf("%d rates produced, want the correction and the newer one", n)
	}
}

// TestSetRateOverPinnedFutureRate: a future-dated rate stored before such
// rates were refused is in force for nobody (the rates processor replaces
// it with the next valid rate), so it does not make a correction a 409.
func TestSetRateOverPinnedFutureRate(t *testing.T) {
	e := newRateEnv(t)
	e.tables.putRate(domain.Rate{Schema: 1, Currency: "USD", Base: "EUR", Rate: "0.0001", Date: "9999-12-31", Source: "manual"})
	e.call(t, "PUT", e.converter+"/rates/USD", `{"rate":"1.0823","date":"2025-03-14"}`).expect(t, http.StatusOK)
}
