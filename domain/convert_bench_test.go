package domain

import (
	"testing"
	"time"
)

// BenchmarkConvert is the conversions processor's arithmetic: parse, look
// up two rates, multiply, divide, round half-even.
func BenchmarkConvert(b *testing.B) {
	at := time.Date(2024, 6, 28, 14, 0, 0, 0, time.UTC)
	table := map[string]Rate{
		"USD": {Currency: "USD", Base: BaseCurrency, Rate: "1.0705", Date: "2024-06-28", Source: "ecb-sample", UpdatedAt: at},
		"JPY": {Currency: "JPY", Base: BaseCurrency, Rate: "171.94", Date: "2024-06-28", Source: "ecb-sample", UpdatedAt: at},
	}
	lookup := func(code string) (Rate, bool) { r, ok := table[code]; return r, ok }
	cases := []struct{ name, amount, from, to string }{
		{"from_base", "1234.56", "EUR", "USD"},
		{"cross_rate", "1234.56", "USD", "JPY"},
		{"same_currency", "1234.56", "USD", "USD"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Convert(c.amount, c.from, c.to, lookup); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
