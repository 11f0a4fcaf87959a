package rates

import (
	"fmt"
	"time"

	"github.com/txstream/txstream/domain"
)

// collector validates the rates of one file as they are read and refuses a
// currency given twice for one date.
type collector struct {
	source string
	now    time.Time
	rates  []domain.Rate
	seen   map[[2]string]bool
}

func newCollector(source string, now time.Time) *collector {
	return &collector{source: source, now: now, seen: map[[2]string]bool{}}
}

// add validates one rate read at line.
func (c *collector) add(line int, code, rate, date string) error {
	if withdrawn[code] {
		return nil
	}
	r, err := domain.NewRate(code, rate, date, c.source, c.now)
	if err != nil {
		return &LineError{Line: line, Currency: code, Err: err}
	}
	if code == domain.BaseCurrency {
		return &LineError{Line: line, Currency: code, Err: fmt.Errorf("%w: a rate of the base currency", ErrSyntax)}
	}
	k := [2]string{date, code}
	if c.seen[k] {
		return &LineError{Line: line, Currency: code, Err: fmt.Errorf("%w: second rate for %s", ErrSyntax, date)}
	}
	c.seen[k] = true
	c.rates = append(c.rates, r)
	return nil
}

// checkDate validates a date before any rate of it is read, so that a bad
// date is reported once and at its own line.
func checkDate(line int, date string) error {
	if _, err := time.Parse(domain.DateLayout, date); err != nil {
		return &LineError{Line: line, Err: fmt.Errorf("%w: date %q is not YYYY-MM-DD", ErrSyntax, date)}
	}
	return nil
}
