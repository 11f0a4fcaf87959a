package conversions

import (
	"time"

	"github.com/txstream/txstream/domain"
)

// record is the conversion of a checked request: completed with the quote,
// or failed with the reason of the first error. It never panics: every
// error of domain.Convert maps to a reason. A conversion over a leg older
// than maxAge fails with stale_rate and keeps the legs it found, so that
// the record says which rate is too old.
func record(c checked, rates domain.RateLookup, now time.Time, maxAge time.Duration) domain.Conversion {
	conv := base(c.req, now)
	err := c.err
	if err == nil {
		var q domain.Quote
		q, err = domain.Convert(c.req.Amount, c.req.From, c.req.To, rates)
		if err == nil {
			err = domain.CheckRateAge(q.Legs, now, maxAge)
		}
		if err == nil {
			complete(&conv, q)
			return conv
		}
		conv.RateLegs = q.Legs
	}
	conv.Status, conv.Reason = domain.StatusFailed, domain.ReasonFor(err)
	return conv
}

func complete(conv *domain.Conversion, q domain.Quote) {
	conv.Status = domain.StatusCompleted
	conv.ConvertedValue = q.ConvertedValue
	conv.Rate = q.Rate
	conv.RateDate = q.RateDate
	conv.RateSource = q.RateSource
	conv.RateLegs = q.Legs
	conv.Rounding = domain.RoundingHalfEven
}

// failed is the result sent for a linked request that is not converted
// (conflict, malformed), so that its transaction does not wait forever.
func failed(req domain.ConversionRequest, reason domain.Reason, now time.Time) domain.Conversion {
	conv := base(req, now)
	conv.Status, conv.Reason = domain.StatusFailed, reason
	return conv
}

func base(req domain.ConversionRequest, now time.Time) domain.Conversion {
	return domain.Conversion{
		Schema:        domain.SchemaVersion,
		ID:            req.ID,
		TransactionID: req.TransactionID,
		Amount:        req.Amount,
		From:          req.From,
		To:            req.To,
		Fingerprint:   req.Fingerprint,
		RequestedAt:   req.RequestedAt.UTC(),
		ConvertedAt:   now.UTC(),
	}
}
