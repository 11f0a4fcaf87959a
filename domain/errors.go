package domain

import "errors"

// Sentinel errors. Each is returned wrapped, so test with errors.Is.
var (
	// ErrInvalidAmount is returned by ParseAmount for text that is not a
	// positive decimal, has more fractional digits than the currency's minor
	// unit, or does not fit the decimal range.
	ErrInvalidAmount = errors.New("invalid amount")
	// ErrInvalidCurrency is returned by ParseCurrency for anything but an
	// upper-case ISO 4217 alphabetic code.
	ErrInvalidCurrency = errors.New("invalid currency")
	// ErrInvalidID is returned by ValidateID for an empty, too long or
	// out-of-charset identifier.
	ErrInvalidID = errors.New("invalid id")
	// ErrInvalidMetadata is returned by CanonicalMetadata for metadata that is
	// not a JSON object or is too large.
	ErrInvalidMetadata = errors.New("invalid metadata")
	// ErrNoRate is returned by Convert when a rate of the pair is missing.
	ErrNoRate = errors.New("no rate")
	// ErrInvalidRate is returned by ParseRate for a rate that is not a
	// positive decimal or has a malformed date.
	ErrInvalidRate = errors.New("invalid rate")
	// ErrFutureRate is returned by Rate.CheckNotAhead, together with
	// ErrInvalidRate, for a rate dated more than MaxRateLead ahead of the
	// clock.
	ErrFutureRate = errors.New("rate dated in the future")
	// ErrImplausibleRate is returned by NewRate, together with
	// ErrInvalidRate, for a rate outside MinRate … MaxRate.
	ErrImplausibleRate = errors.New("implausible rate")
	// ErrStaleRate is returned by CheckRateAge for a leg older than the
	// maximum age.
	ErrStaleRate = errors.New("stale rate")
	// ErrOverflow is returned by Convert when the result leaves the decimal
	// range.
	ErrOverflow = errors.New("amount overflow")
)

// ReasonFor maps an error from this package to its failure reason code.
func ReasonFor(err error) Reason {
	switch {
	case errors.Is(err, ErrInvalidCurrency):
		return ReasonInvalidCurrency
	case errors.Is(err, ErrNoRate):
		return ReasonNoRate
	case errors.Is(err, ErrStaleRate):
		return ReasonStaleRate
	case errors.Is(err, ErrOverflow):
		return ReasonOverflow
	case errors.Is(err, ErrInvalidAmount):
		return ReasonInvalidAmount
	default:
		return ReasonMalformedEvent
	}
}

// ErrInvalidWebhook is returned by WebhookRequest.Check and CheckWebhookURL
// for a registration that cannot be delivered to: a URL that is not
// absolute http(s), an unknown or missing event type, a description too
// long.
var ErrInvalidWebhook = errors.New("invalid webhook")

// ErrWebhookNotFound is returned for a webhook endpoint id that has no
// registration (rotation, deletion).
var ErrWebhookNotFound = errors.New("webhook endpoint not found")
