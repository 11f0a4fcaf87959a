package domain

import (
	"errors"
	"slices"
	"testing"
)

// convertRates builds a RateLookup over code→rate pairs, all dated day and quoted
// by src. The rates are chosen so that every expected value below can be
// worked out with pencil and paper.
func convertRates(day, src string, pairs ...string) RateLookup {
	table := map[string]Rate{}
	for i := 0; i+1 < len(pairs); i += 2 {
		table[pairs[i]] = Rate{Schema: SchemaVersion, Currency: pairs[i], Base: BaseCurrency, Rate: pairs[i+1], Date: day, Source: src}
	}
	return func(code string) (Rate, bool) {
		r, ok := table[code]
		return r, ok
	}
}

// TestConvertValues checks results against values worked out by hand. The
// rule Convert implements: value = amount × rate(to) ÷ rate(from), with EUR
// worth 1, then rounded half-even to the target's minor unit. Each case says
// the exact intermediate value and why it rounds the way it does.
func TestConvertValues(t *testing.T) {
	const day = "2024-06-28"
	cases := []struct {
		name   string
		amount string
		from   string
		to     string
		rates  RateLookup
		value  string // expected ConvertedValue
		rate   string // expected Rate (units of to per unit of from)
	}{
		// Direct, inverse and cross legs.
		{"direct EUR to USD", "100.00", "EUR", "USD", convertRates(day, "ecb", "USD", "1.25"),
			"125.00", "1.25"}, // 100 × 1.25 = 125
		{"inverse USD to EUR", "100.00", "USD", "EUR", convertRates(day, "ecb", "USD", "1.25"),
			"80.00", "0.8"}, // 100 ÷ 1.25 = 80; rate 1 ÷ 1.25 = 0.8
		{"cross USD to JPY through EUR", "10.00", "USD", "JPY", convertRates(day, "ecb", "USD", "1.25", "JPY", "160"),
			"1280", "128"}, // 10 × 160 ÷ 1.25 = 1600 ÷ 1.25 = 1280; rate 160 ÷ 1.25 = 128
		{"cross JPY to KWD", "1000", "JPY", "KWD", convertRates(day, "ecb", "JPY", "160", "KWD", "0.3205"),
			"2.003", "0.002003125"}, // 1000 × 0.3205 = 320.5; ÷ 160 = 2.003125 → 3 places: 2.003 (125 < half)
		{"cross BHD to JPY", "1.000", "BHD", "JPY", convertRates(day, "ecb", "BHD", "0.4", "JPY", "160"),
			"400", "400"}, // 1 × 160 ÷ 0.4 = 400

		// Half-even ties: the exact value ends in 5 one place past the
		// minor unit, and rounds to the even neighbour, down or up.
		{"tie down EUR to CHF", "0.03", "EUR", "CHF", convertRates(day, "ecb", "CHF", "1.5"),
			"0.04", "1.5"}, // 0.03 × 1.5 = 0.045 → 0.04 (4 is even)
		{"tie up EUR to CHF", "0.05", "EUR", "CHF", convertRates(day, "ecb", "CHF", "1.5"),
			"0.08", "1.5"}, // 0.05 × 1.5 = 0.075 → 0.08 (7 is odd, 8 is even)
		{"tie down PLN to EUR", "0.10", "PLN", "EUR", convertRates(day, "ecb", "PLN", "4"),
			"0.02", "0.25"}, // 0.10 ÷ 4 = 0.025 → 0.02
		{"tie up PLN to EUR", "0.30", "PLN", "EUR", convertRates(day, "ecb", "PLN", "4"),
			"0.08", "0.25"}, // 0.30 ÷ 4 = 0.075 → 0.08
		{"tie up cross PLN to CHF", "0.04", "PLN", "CHF", convertRates(day, "ecb", "PLN", "4", "CHF", "1.5"),
			"0.02", "0.375"}, // 0.04 × 1.5 = 0.06; ÷ 4 = 0.015 → 0.02
		{"tie down cross PLN to CHF", "0.12", "PLN", "CHF", convertRates(day, "ecb", "PLN", "4", "CHF", "1.5"),
			"0.04", "0.375"}, // 0.12 × 1.5 = 0.18; ÷ 4 = 0.045 → 0.04

		// Zero minor digits (JPY, KRW).
		{"tie down EUR to JPY", "1.00", "EUR", "JPY", convertRates(day, "ecb", "JPY", "150.5"),
			"150", "150.5"}, // 1 × 150.5 = 150.5 → 150 (even)
		{"tie up EUR to JPY", "3.00", "EUR", "JPY", convertRates(day, "ecb", "JPY", "150.5"),
			"452", "150.5"}, // 3 × 150.5 = 451.5 → 452 (even)
		{"tie down EUR to KRW", "1.00", "EUR", "KRW", convertRates(day, "ecb", "KRW", "1450.5"),
			"1450", "1450.5"}, // 1450.5 → 1450
		{"tie up EUR to KRW", "3.00", "EUR", "KRW", convertRates(day, "ecb", "KRW", "1450.5"),
			"4352", "1450.5"}, // 3 × 1450.5 = 4351.5 → 4352
		{"above half EUR to JPY", "0.01", "EUR", "JPY", convertRates(day, "ecb", "JPY", "160"),
			"2", "160"}, // 0.01 × 160 = 1.6 → 2
		{"tie down JPY to EUR", "1", "JPY", "EUR", convertRates(day, "ecb", "JPY", "200"),
			"0.00", "0.005"}, // 1 ÷ 200 = 0.005 → 0.00 (0 is even): a tiny amount rounds to nothing
		{"tie up JPY to EUR", "3", "JPY", "EUR", convertRates(day, "ecb", "JPY", "200"),
			"0.02", "0.005"}, // 3 ÷ 200 = 0.015 → 0.02

		// Three minor digits (KWD, BHD, JOD).
		{"tie down EUR to KWD", "1.00", "EUR", "KWD", convertRates(day, "ecb", "KWD", "0.3205"),
			"0.320", "0.3205"}, // 0.3205 → 0.320 (0 is even)
		{"tie up EUR to KWD", "3.00", "EUR", "KWD", convertRates(day, "ecb", "KWD", "0.3205"),
			"0.962", "0.3205"}, // 3 × 0.3205 = 0.9615 → 0.962 (1 is odd)
		{"tie up EUR to JOD", "0.01", "EUR", "JOD", convertRates(day, "ecb", "JOD", "0.75"),
			"0.008", "0.75"}, // 0.01 × 0.75 = 0.0075 → 0.008
		{"tie down EUR to JOD", "0.03", "EUR", "JOD", convertRates(day, "ecb", "JOD", "0.75"),
			"0.022", "0.75"}, // 0.03 × 0.75 = 0.0225 → 0.022
		{"BHD to EUR", "1.000", "BHD", "EUR", convertRates(day, "ecb", "BHD", "0.4"),
			"2.50", "2.5"}, // 1 ÷ 0.4 = 2.5, padded to 2 places
		{"tiny BHD to EUR tie down", "0.001", "BHD", "EUR", convertRates(day, "ecb", "BHD", "0.4"),
			"0.00", "2.5"}, // 0.001 ÷ 0.4 = 0.0025 → 0.00
		{"tiny EUR to BHD", "0.01", "EUR", "BHD", convertRates(day, "ecb", "BHD", "0.4"),
			"0.004", "0.4"}, // 0.01 × 0.4 = 0.004, exact at 3 places

		// Identity conversions.
		{"identity EUR", "10.00", "EUR", "EUR", convertRates(day, "ecb"),
			"10.00", "1"}, // both legs are the base: × 1 ÷ 1
		{"identity USD", "10.5", "USD", "USD", convertRates(day, "ecb", "USD", "1.0705"),
			"10.50", "1"}, // same currency: the amount itself, padded
		{"identity GBP without a rate", "1.00", "GBP", "GBP", convertRates(day, "ecb"),
			"1.00", "1"}, // no rate needed for a same-currency conversion

		// Huge amounts that still fit.
		{"huge JPY to EUR", "999999999999999999", "JPY", "EUR", convertRates(day, "ecb", "JPY", "150"),
			"6666666666666666.66", "0.0066666666666666667"},
		// 150 × 6666666666666666 = 999999999999999900, remainder 99,
		// and 99 ÷ 150 = 0.66 exactly. The rate 1/150 is cut at the
		// decimal's 19 places, the last 6 rounding up to 7.
		{"huge EUR to USD", "9999999999999999.99", "EUR", "USD", convertRates(day, "ecb", "USD", "1.25"),
			"12499999999999999.99", "1.25"}, // exact 12499999999999999.9875 → .99 (above half)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Convert(tc.amount, tc.from, tc.to, tc.rates)
			if err != nil {
				t.Fatalf("Convert(%s %s→%s): %v", tc.amount, tc.from, tc.to, err)
			}
			if q.ConvertedValue != tc.value {
				t.Errorf("ConvertedValue = %s, want %s", q.ConvertedValue, tc.value)
			}
			if q.Rate != tc.rate {
				t.Errorf("Rate = %s, want %s", q.Rate, tc.rate)
			}
		})
	}
}

// TestConvertProvenance checks the date, source and legs recorded with a
// quote: a cross rate is as old as its older leg and keeps both, and the
// base leg is no leg.
func TestConvertProvenance(t *testing.T) {
	lookup := func(code string) (Rate, bool) {
		switch code {
		case "USD":
			return Rate{Currency: "USD", Rate: "1.25", Date: "2024-06-28", Source: "ecb"}, true
		case "JPY":
			return Rate{Currency: "JPY", Rate: "160", Date: "2024-06-27", Source: "manual"}, true
		case "GBP":
			return Rate{Currency: "GBP", Rate: "0.8", Date: "2024-06-28", Source: "ecb"}, true
		}
		return Rate{}, false
	}
	usd := RateLeg{Currency: "USD", Rate: "1.25", Date: "2024-06-28", Source: "ecb"}
	jpy := RateLeg{Currency: "JPY", Rate: "160", Date: "2024-06-27", Source: "manual"}
	gbp := RateLeg{Currency: "GBP", Rate: "0.8", Date: "2024-06-28", Source: "ecb"}
	cases := []struct {
		name, from, to, date, source string
		legs                         []RateLeg
	}{
		{"EUR leg takes the other date", "EUR", "USD", "2024-06-28", "ecb", []RateLeg{usd}},
		{"inverse leg takes the other date", "JPY", "EUR", "2024-06-27", "manual", []RateLeg{jpy}},
		{"cross takes the older date", "USD", "JPY", "2024-06-27", "ecb+manual", []RateLeg{usd, jpy}},
		{"cross keeps the from leg first", "JPY", "USD", "2024-06-27", "manual+ecb", []RateLeg{jpy, usd}},
		{"cross with one source names it once", "USD", "GBP", "2024-06-28", "ecb", []RateLeg{usd, gbp}},
		{"identity EUR has no date", "EUR", "EUR", "", IdentitySource, nil},
		{"identity USD needs no rate", "USD", "USD", "", IdentitySource, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Convert("1", tc.from, tc.to, lookup)
			if err != nil {
				t.Fatalf("Convert: %v", err)
			}
			if q.RateDate != tc.date || q.RateSource != tc.source {
				t.Errorf("date, source = %q, %q; want %q, %q", q.RateDate, q.RateSource, tc.date, tc.source)
			}
			if !slices.Equal(q.Legs, tc.legs) {
				t.Errorf("legs %+v, want %+v", q.Legs, tc.legs)
			}
		})
	}
}

// TestConvertErrors checks that every refusal is the right sentinel and maps
// to the right failure reason.
func TestConvertErrors(t *testing.T) {
	usd := convertRates("2024-06-28", "ecb", "USD", "1.25", "JPY", "160", "IDR", "20000", "KRW", "0.0001")
	cases := []struct {
		name, amount, from, to string
		rates                  RateLookup
		want                   error
		reason                 Reason
	}{
		{"lower-case currency", "1.00", "usd", "EUR", usd, ErrInvalidCurrency, ReasonInvalidCurrency},
		{"unknown currency", "1.00", "EUR", "XYZ", usd, ErrInvalidCurrency, ReasonInvalidCurrency},
		{"two-letter currency", "1.00", "US", "EUR", usd, ErrInvalidCurrency, ReasonInvalidCurrency},
		{"zero amount", "0", "USD", "EUR", usd, ErrInvalidAmount, ReasonInvalidAmount},
		{"negative amount", "-1.00", "USD", "EUR", usd, ErrInvalidAmount, ReasonInvalidAmount},
		{"too many places for USD", "1.001", "USD", "EUR", usd, ErrInvalidAmount, ReasonInvalidAmount},
		{"fraction of a yen", "1.5", "JPY", "EUR", usd, ErrInvalidAmount, ReasonInvalidAmount},
		{"not a number", "ten", "USD", "EUR", usd, ErrInvalidAmount, ReasonInvalidAmount},
		{"nineteen digits", "1234567890123456789", "JPY", "EUR", usd, ErrInvalidAmount, ReasonInvalidAmount},
		{"missing target rate", "1.00", "EUR", "GBP", usd, ErrNoRate, ReasonNoRate},
		{"missing source rate", "1.00", "GBP", "USD", usd, ErrNoRate, ReasonNoRate},
		// 999999999999999999 × 20000 ≈ 2×10²² has 23 integer digits; the
		// decimal holds 19.
		{"overflow in the product", "999999999999999999", "JPY", "IDR", usd, ErrOverflow, ReasonOverflow},
		// 9999999999999999.99 × 20000 ≈ 2×10²⁰: 21 integer digits.
		{"overflow on a EUR leg", "9999999999999999.99", "EUR", "IDR", usd, ErrOverflow, ReasonOverflow},
		// 999999999999999999 ÷ 0.0001 ≈ 10²²: the quotient overflows.
		{"overflow in the quotient", "999999999999999999", "KRW", "EUR", usd, ErrOverflow, ReasonOverflow},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Convert(tc.amount, tc.from, tc.to, tc.rates)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Convert(%s %s→%s) = %+v, %v; want %v", tc.amount, tc.from, tc.to, q, err, tc.want)
			}
			if got := ReasonFor(err); got != tc.reason {
				t.Errorf("ReasonFor = %s, want %s", got, tc.reason)
			}
		})
	}
}

// TestConvertUnusableStoredRate: a stored rate that is not a positive decimal,
// or is implausible (stored before the rates processor checked), is treated
// as missing, never divided by.
func TestConvertUnusableStoredRate(t *testing.T) {
	for _, stored := range []string{"0", "-1.5", "x", "", "1e17", "0.0000001"} {
		t.Run("rate "+stored, func(t *testing.T) {
			_, err := Convert("1.00", "EUR", "USD", convertRates("2024-06-28", "ecb", "USD", stored))
			if !errors.Is(err, ErrNoRate) {
				t.Fatalf("err = %v, want ErrNoRate", err)
			}
		})
	}
}
