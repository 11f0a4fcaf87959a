package rates

import (
	"errors"

	"github.com/txstream/txstream/domain"
)

// Refusal reasons, given to streams.Refuse for a rate that decodes but is
// not applied because it cannot be true. Each is a stable code: a metric
// label now, and the reason a dead-letter record will carry.
const (
	// RefusedFutureDate: dated more than domain.MaxRateLead ahead of the
	// processor's clock.
	RefusedFutureDate = "future_date"
	// RefusedImplausibleRate: outside domain.MinRate … domain.MaxRate.
	RefusedImplausibleRate = "implausible_rate"
)

// refusal returns the reason of an error of validate that refuses a rate
// for what it says, rather than for how it is written.
func refusal(err error) (string, bool) {
	switch {
	case errors.Is(err, domain.ErrFutureRate):
		return RefusedFutureDate, true
	case errors.Is(err, domain.ErrImplausibleRate):
		return RefusedImplausibleRate, true
	}
	return "", false
}
