package rates

import (
	"errors"
	"fmt"
)

var (
	// ErrUnknownFormat is returned by ParseECB for input that is none of
	// the ECB reference-rate formats (daily or historical XML, daily or
	// historical CSV, or a zip archive holding one of them).
	ErrUnknownFormat = errors.New("rates: not an ECB reference-rates file")
	// ErrSyntax is returned by ParseECB, inside a *LineError, for a line the
	// format does not allow: broken XML, a rate outside a dated Cube, a row
	// with more cells than the header, an undated row, a repeated currency.
	ErrSyntax = errors.New("rates: malformed reference-rates file")
	// ErrNoRates is returned by ParseECB for a well-formed file that holds
	// no rate at all.
	ErrNoRates = errors.New("rates: no rates in file")
	// ErrTooLarge is returned by ParseECB for a zip archive whose content
	// exceeds MaxArchiveBytes.
	ErrTooLarge = errors.New("rates: archive too large")
	// ErrRefused is logged by the processor for a rate message it drops: it
	// decodes, but its key is not its currency, its base is not EUR, or a
	// field is invalid.
	ErrRefused = errors.New("rates: rate refused")
)

// LineError says where in an imported file a problem is: the line, and the
// currency when the problem is one rate. It wraps ErrSyntax or the domain
// error of the rate (domain.ErrInvalidRate, domain.ErrInvalidCurrency).
type LineError struct {
	Line     int
	Currency string // empty when the problem is not one currency's
	Err      error
}

func (e *LineError) Error() string {
	if e.Currency == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d: %s: %v", e.Line, e.Currency, e.Err)
}

// Unwrap gives the cause, for errors.Is.
func (e *LineError) Unwrap() error { return e.Err }
