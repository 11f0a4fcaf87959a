package edge

import (
	"time"

	"github.com/txstream/txstream/domain"
)

// StatusPending is the status of a conversion whose result is not known
// yet; it exists only in answers, never in a table.
const StatusPending = "pending"

// conversionResult is the body of GET /convert/{id}. converted_value, the
// seed's member, is always present: null until the conversion completed.
type conversionResult struct {
	ID             string        `json:"id"`
	TransactionID  string        `json:"transaction_id,omitempty"`
	Status         string        `json:"status"`
	Reason         domain.Reason `json:"reason,omitempty"`
	Amount         string        `json:"amount,omitempty"`
	From           string        `json:"from,omitempty"`
	To             string        `json:"to,omitempty"`
	ConvertedValue *string       `json:"converted_value"`
	Rate           string        `json:"rate,omitempty"`
	RateDate       string        `json:"rate_date,omitempty"`
	RateSource     string        `json:"rate_source,omitempty"`
	// RateLegs: every rate used (two for a cross rate), each with its
	// date and source; rate_date is the older leg's. Added after the
	// seed's members, so clients that read those see no change.
	RateLegs    []domain.RateLeg `json:"rate_legs,omitempty"`
	Rounding    string           `json:"rounding,omitempty"`
	RequestedAt *time.Time       `json:"requested_at,omitempty"`
	ConvertedAt *time.Time       `json:"converted_at,omitempty"`
}

func resultOf(c *domain.Conversion) conversionResult {
	r := conversionResult{
		ID: c.ID, TransactionID: c.TransactionID, Status: string(c.Status), Reason: c.Reason,
		Amount: c.Amount, From: c.From, To: c.To,
		Rate: c.Rate, RateDate: c.RateDate, RateSource: c.RateSource, RateLegs: c.RateLegs, Rounding: c.Rounding,
		RequestedAt: nonZero(c.RequestedAt), ConvertedAt: nonZero(c.ConvertedAt),
	}
	if c.Status == domain.StatusCompleted {
		v := c.ConvertedValue
		r.ConvertedValue = &v
	}
	return r
}

func pendingResult(id string) conversionResult {
	return conversionResult{ID: id, Status: StatusPending}
}

func nonZero(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
