package domain

import (
	"errors"
	"testing"
)

func TestParseCurrency(t *testing.T) {
	cases := []struct {
		code  string
		scale int // minor-unit digits; -1 when the code is refused
	}{
		{"EUR", 2}, {"USD", 2}, {"JPY", 0}, {"KRW", 0}, {"KWD", 3}, {"BHD", 3}, {"JOD", 3},
		{"usd", -1}, {"Usd", -1}, {"US", -1}, {"USDD", -1}, {"", -1}, {"XYZ", -1}, {"840", -1}, {"CYP", -1},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			c, err := ParseCurrency(tc.code)
			if tc.scale < 0 {
				if !errors.Is(err, ErrInvalidCurrency) {
					t.Fatalf("ParseCurrency(%q) = %v, %v; want ErrInvalidCurrency", tc.code, c, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseCurrency(%q): %v", tc.code, err)
			}
			if c.Scale() != tc.scale || c.Code() != tc.code {
				t.Errorf("ParseCurrency(%q) = %s with scale %d, want scale %d", tc.code, c.Code(), c.Scale(), tc.scale)
			}
		})
	}
}

func TestParseAmount(t *testing.T) {
	cases := []struct {
		name, text, currency string
		canonical            string // "" when refused
	}{
		{"whole dollars padded", "10", "USD", "10.00"},
		{"one place padded", "10.5", "USD", "10.50"},
		{"trailing zeros beyond the minor unit are harmless", "10.500", "USD", "10.50"},
		{"leading zeros dropped", "007.10", "USD", "7.10"},
		{"yen has no places", "1500", "JPY", "1500"},
		{"yen with a zero fraction", "1500.0", "JPY", "1500"},
		{"dinar has three places", "1.234", "KWD", "1.234"},
		{"eighteen digits", "9999999999999999.99", "USD", "9999999999999999.99"},
		{"smallest cent", "0.01", "USD", "0.01"},
		{"zero", "0", "USD", ""},
		{"zero with places", "0.00", "USD", ""},
		{"negative", "-5.00", "USD", ""},
		{"a tenth of a cent", "0.001", "USD", ""},
		{"fraction of a yen", "0.5", "JPY", ""},
		{"four places of dinar", "1.2345", "KWD", ""},
		{"nineteen digits", "99999999999999999.99", "USD", ""},
		{"words", "ten", "USD", ""},
		{"empty", "", "USD", ""},
		{"space", " 1.00", "USD", ""},
		{"comma decimal", "1,00", "USD", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cur, err := ParseCurrency(tc.currency)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ParseAmount(tc.text, cur)
			if tc.canonical == "" {
				if !errors.Is(err, ErrInvalidAmount) {
					t.Fatalf("ParseAmount(%q, %s) = %v, %v; want ErrInvalidAmount", tc.text, tc.currency, d, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAmount(%q, %s): %v", tc.text, tc.currency, err)
			}
			if got := CanonicalAmount(d, cur); got != tc.canonical {
				t.Errorf("CanonicalAmount = %s, want %s", got, tc.canonical)
			}
		})
	}
}
