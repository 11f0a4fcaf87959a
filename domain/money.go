package domain

import (
	"fmt"

	"github.com/govalues/decimal"
	"github.com/govalues/money"
)

// MaxAmountDigits bounds the digits of an amount. The decimal type holds 19
// significant digits; keeping amounts to 18 leaves room for conversion
// arithmetic without silent rounding of the input.
const MaxAmountDigits = 18

// ParseCurrency accepts an upper-case ISO 4217 alphabetic code.
func ParseCurrency(code string) (money.Currency, error) {
	if len(code) != 3 || !isUpperAlpha(code) {
		return money.XXX, fmt.Errorf("%w: %q is not a three-letter ISO 4217 code", ErrInvalidCurrency, code)
	}
	c, err := money.ParseCurr(code)
	if err != nil {
		return money.XXX, fmt.Errorf("%w: %q is not an ISO 4217 code", ErrInvalidCurrency, code)
	}
	return c, nil
}

func isUpperAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// ParseAmount reads an exact decimal amount in currency c. The policy:
// amounts are strictly positive (zero and negative amounts are refused; a
// refund is a transaction of its own kind, not a negative one), carry at
// most c's minor-unit digits after the point, and at most MaxAmountDigits
// digits in all.
func ParseAmount(text string, c money.Currency) (decimal.Decimal, error) {
	d, err := decimal.Parse(text)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w: %q is not a decimal number", ErrInvalidAmount, text)
	}
	switch {
	case !d.IsPos():
		return decimal.Decimal{}, fmt.Errorf("%w: %s must be greater than zero", ErrInvalidAmount, text)
	case d.Trim(0).Scale() > c.Scale():
		return decimal.Decimal{}, fmt.Errorf("%w: %s has more than %d decimal places for %s", ErrInvalidAmount, text, c.Scale(), c)
	case d.Prec() > MaxAmountDigits:
		return decimal.Decimal{}, fmt.Errorf("%w: %s has more than %d digits", ErrInvalidAmount, text, MaxAmountDigits)
	}
	return d.Trim(c.Scale()), nil
}

// CanonicalAmount renders an amount in c with exactly c's minor-unit digits,
// the form stored in every record ("10.5" USD becomes "10.50").
func CanonicalAmount(d decimal.Decimal, c money.Currency) string {
	return d.Pad(c.Scale()).String()
}
