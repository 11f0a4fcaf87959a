package edge

import (
	"time"

	"github.com/txstream/txstream/domain"
)

// DefaultRateSource is recorded for rates set over HTTP without a source.
const DefaultRateSource = "manual"

// rateFields are the members of a PUT /rates/{code} body.
var rateFields = []string{"rate", "date", "source"}

const rateRequired = 1<<0 | 1<<1

// DecodeRate reads a PUT /rates/{code} body ({"rate","date"} and an
// optional "source", which follows the id charset) and returns the rate
// record of currency code. The base currency itself is refused: its rate is
// 1 by definition; so is a date more than domain.MaxRateLead ahead of now,
// which would win over every later correction. Errors are *RequestError.
func DecodeRate(code string, body []byte, now time.Time) (domain.Rate, error) {
	if code == domain.BaseCurrency {
		return domain.Rate{}, requestError(CodeInvalidCurrency, "currency", "%s is the base currency; its rate is always 1", code)
	}
	var rate, date string
	source := DefaultRateSource
	err := decodeObject(body, rateFields, rateRequired, func(i int, raw []byte) (err error) {
		switch i {
		case 0:
			rate, err = asDecimal("rate", raw)
		case 1:
			date, err = asString("date", raw)
		case 2:
			source, err = asString("source", raw)
		}
		return err
	})
	if err != nil {
		return domain.Rate{}, err
	}
	if err := domain.ValidateID(source); err != nil {
		return domain.Rate{}, &RequestError{Code: CodeInvalidRate, Field: "source", Detail: err.Error(), Err: err}
	}
	r, err := domain.NewRate(code, rate, date, source, now)
	if err == nil {
		err = r.CheckNotAhead(now)
	}
	if err != nil {
		return domain.Rate{}, fromDomain(err)
	}
	return r, nil
}
