package domain

import (
	"fmt"

	"github.com/govalues/decimal"
	"github.com/govalues/money"
)

// RateLookup returns the rate of a currency against BaseCurrency.
type RateLookup func(code string) (Rate, bool)

// Quote is the outcome of a conversion.
type Quote struct {
	ConvertedValue string // rounded half-even to the target's minor unit
	Rate           string // units of To per unit of From
	RateDate       string // the older date of the rates used
	RateSource     string
	// Legs are the rates used, From's first: two for a cross rate, one
	// when a side is BaseCurrency, none for the same currency.
	Legs []RateLeg
}

// Convert converts amount from one currency to another with exact decimal
// arithmetic. A pair that does not involve BaseCurrency is a cross rate
// through it: value = amount * rate(to) / rate(from), multiplied before
// dividing so that only one division rounds, then rounded half-even to the
// minor unit of to. A same-currency conversion needs no rate.
func Convert(amount, from, to string, rates RateLookup) (Quote, error) {
	fromCur, err := ParseCurrency(from)
	if err != nil {
		return Quote{}, err
	}
	toCur, err := ParseCurrency(to)
	if err != nil {
		return Quote{}, err
	}
	value, err := ParseAmount(amount, fromCur)
	if err != nil {
		return Quote{}, err
	}
	if from == to {
		return identity(value, toCur), nil
	}
	fromRate, toRate, err := ratesOf(from, to, rates)
	if err != nil {
		return Quote{}, err
	}
	converted, rate, err := crossConvert(value, fromRate.value, toRate.value)
	if err != nil {
		return Quote{}, err
	}
	return Quote{
		ConvertedValue: converted.Round(toCur.Scale()).Pad(toCur.Scale()).String(),
		Rate:           rate.Trim(0).String(),
		RateDate:       olderDate(fromRate.leg.Date, toRate.leg.Date),
		RateSource:     joinSources(fromRate.leg.Source, toRate.leg.Source),
		Legs:           legs(fromRate, toRate),
	}, nil
}

// identity is a conversion into the same currency: exact, needing no rate.
func identity(value decimal.Decimal, c money.Currency) Quote {
	return Quote{ConvertedValue: CanonicalAmount(value, c), Rate: "1", RateSource: IdentitySource}
}

// IdentitySource is the rate source of a same-currency conversion.
const IdentitySource = "identity"

func crossConvert(value, fromRate, toRate decimal.Decimal) (converted, rate decimal.Decimal, err error) {
	product, err := value.Mul(toRate)
	if err != nil {
		return decimal.Decimal{}, decimal.Decimal{}, fmt.Errorf("%w: %v", ErrOverflow, err)
	}
	converted, err = product.Quo(fromRate)
	if err != nil {
		return decimal.Decimal{}, decimal.Decimal{}, fmt.Errorf("%w: %v", ErrOverflow, err)
	}
	rate, err = toRate.Quo(fromRate)
	if err != nil {
		return decimal.Decimal{}, decimal.Decimal{}, fmt.Errorf("%w: %v", ErrOverflow, err)
	}
	return converted, rate, nil
}

// resolvedRate is a rate against BaseCurrency ready to compute with; leg
// is empty for the base itself.
type resolvedRate struct {
	value decimal.Decimal
	leg   RateLeg
}

// legs lists the rates a conversion used, leaving out the base's.
func legs(rates ...resolvedRate) []RateLeg {
	var out []RateLeg
	for _, r := range rates {
		if r.leg.Currency != "" {
			out = append(out, r.leg)
		}
	}
	return out
}

func ratesOf(from, to string, rates RateLookup) (resolvedRate, resolvedRate, error) {
	fromRate, err := resolve(from, rates)
	if err != nil {
		return resolvedRate{}, resolvedRate{}, err
	}
	toRate, err := resolve(to, rates)
	if err != nil {
		return resolvedRate{}, resolvedRate{}, err
	}
	return fromRate, toRate, nil
}

// resolve finds the rate of code against the base; the base itself is 1.
func resolve(code string, rates RateLookup) (resolvedRate, error) {
	if code == BaseCurrency {
		return resolvedRate{value: decimal.One}, nil
	}
	r, ok := rates(code)
	if !ok {
		return resolvedRate{}, fmt.Errorf("%w: %s per %s", ErrNoRate, code, BaseCurrency)
	}
	// The rates processor stores only plausible rates; one stored before
	// it checked is as good as none.
	v, err := parseRate(r.Rate)
	if err != nil {
		return resolvedRate{}, fmt.Errorf("%w: stored rate %q of %s is unusable: %v", ErrNoRate, r.Rate, code, err)
	}
	return resolvedRate{value: v, leg: RateLeg{Currency: code, Rate: r.Rate, Date: r.Date, Source: r.Source}}, nil
}

// olderDate returns the earlier non-empty date: a cross rate is only as
// fresh as its older leg.
func olderDate(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || a < b:
		return a
	}
	return b
}

func joinSources(a, b string) string {
	switch {
	case a == "" || a == b:
		return b
	case b == "":
		return a
	}
	return a + "+" + b
}
