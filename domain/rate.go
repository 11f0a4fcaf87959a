package domain

import (
	"fmt"
	"time"

	"github.com/govalues/decimal"
)

// BaseCurrency is the currency all rates are quoted against, as in the ECB
// reference rates: one EUR buys Rate units of a currency.
const BaseCurrency = "EUR"

// DateLayout is the layout of rate dates.
const DateLayout = "2006-01-02"

// NewRate validates a rate of currency code against the base currency and
// returns the record for the rates topic.
func NewRate(code, rate, date, source string, now time.Time) (Rate, error) {
	if _, err := ParseCurrency(code); err != nil {
		return Rate{}, &FieldError{"currency", err}
	}
	d, err := decimal.Parse(rate)
	if err != nil || !d.IsPos() {
		return Rate{}, &FieldError{"rate", fmt.Errorf("%w: %q is not a positive decimal", ErrInvalidRate, rate)}
	}
	if _, err := time.Parse(DateLayout, date); err != nil {
		return Rate{}, &FieldError{"date", fmt.Errorf("%w: %q is not a YYYY-MM-DD date", ErrInvalidRate, date)}
	}
	return Rate{
		Schema:    SchemaVersion,
		Currency:  code,
		Base:      BaseCurrency,
		Rate:      d.Trim(0).String(),
		Date:      date,
		Source:    source,
		UpdatedAt: now.UTC(),
	}, nil
}

// Supersedes reports whether r should replace old in the rates table: a
// newer date wins, and on the same date the later update wins.
func (r Rate) Supersedes(old Rate) bool {
	if r.Date != old.Date {
		return r.Date > old.Date
	}
	return !r.UpdatedAt.Before(old.UpdatedAt)
}
