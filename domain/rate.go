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

// MinRate and MaxRate bound a plausible rate against the base currency,
// inclusive. Every ISO 4217 code, precious metals included, trades far
// inside them (an ounce of gold costs thousands of euros, a euro buys tens
// of thousands of the weakest currencies), so a rate outside is a typo or a
// forgery, and one such rate multiplies every conversion through it by
// orders of magnitude.
const (
	MinRate = "0.000001"
	MaxRate = "1000000000"
)

var minRate, maxRate = decimal.MustParse(MinRate), decimal.MustParse(MaxRate)

// NewRate validates a rate of currency code against the base currency and
// returns the record for the rates topic.
func NewRate(code, rate, date, source string, now time.Time) (Rate, error) {
	if _, err := ParseCurrency(code); err != nil {
		return Rate{}, &FieldError{"currency", err}
	}
	d, err := parseRate(rate)
	if err != nil {
		return Rate{}, &FieldError{"rate", err}
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

// parseRate reads a rate and checks that it is plausible.
func parseRate(rate string) (decimal.Decimal, error) {
	d, err := decimal.Parse(rate)
	if err != nil || !d.IsPos() {
		return decimal.Decimal{}, fmt.Errorf("%w: %q is not a positive decimal", ErrInvalidRate, rate)
	}
	if d.Cmp(minRate) < 0 || d.Cmp(maxRate) > 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: %w: %s is outside %s … %s per %s",
			ErrInvalidRate, ErrImplausibleRate, rate, MinRate, MaxRate, BaseCurrency)
	}
	return d, nil
}

// MaxRateLead is how far a rate's date may be ahead of the clock's date in
// UTC: one day, so that a writer east of UTC, already in tomorrow, is not
// refused. A rate dated later would win over every correction until that
// date (see Supersedes), so it is refused rather than kept.
const MaxRateLead = 24 * time.Hour

// CheckNotAhead returns an error wrapping ErrInvalidRate and ErrFutureRate
// when r is dated more than MaxRateLead after now's date in UTC.
func (r Rate) CheckNotAhead(now time.Time) error {
	d, err := time.Parse(DateLayout, r.Date)
	if err != nil {
		return &FieldError{"date", fmt.Errorf("%w: %q is not a YYYY-MM-DD date", ErrInvalidRate, r.Date)}
	}
	today := now.UTC().Truncate(24 * time.Hour)
	if d.Sub(today) > MaxRateLead {
		return &FieldError{"date", fmt.Errorf("%w: %w: %s is more than a day after today, %s",
			ErrInvalidRate, ErrFutureRate, r.Date, today.Format(DateLayout))}
	}
	return nil
}

// Replaces reports whether the rates table, holding old, takes r on
// the clock's now: when r supersedes it, or when old is dated ahead of now.
// Such a rate got in before those were refused; it is in force for nobody,
// and keeping it until its date would ignore every correction.
func (r Rate) Replaces(old Rate, now time.Time) bool {
	return old.CheckNotAhead(now) != nil || r.Supersedes(old)
}

// Supersedes reports whether r should replace old in the rates table: a
// newer date wins, and on the same date the later update wins.
func (r Rate) Supersedes(old Rate) bool {
	if r.Date != old.Date {
		return r.Date > old.Date
	}
	return !r.UpdatedAt.Before(old.UpdatedAt)
}

// CheckRateAge returns an error wrapping ErrStaleRate when a leg is older
// than maxAge at now; maxAge 0 accepts every age. A rate's age counts from
// the start (00:00 UTC) of its date, the earliest moment it can be the
// rate of: the ECB publishes a day's rates in its afternoon, and none on
// weekends and TARGET holidays, so a limit for ECB-fed tables needs room
// for those.
func CheckRateAge(legs []RateLeg, now time.Time, maxAge time.Duration) error {
	if maxAge <= 0 {
		return nil
	}
	for _, l := range legs {
		d, err := time.Parse(DateLayout, l.Date)
		if err != nil || now.Sub(d) > maxAge {
			return fmt.Errorf("%w: %s of %s is older than %s", ErrStaleRate, l.Currency, l.Date, maxAge)
		}
	}
	return nil
}
