package edge

import (
	"time"

	"github.com/txstream/txstream/domain"
)

// conversionFields are the members of a POST /convert body; all required.
var conversionFields = []string{"id", "amount", "from", "to"}

const conversionRequired = 1<<0 | 1<<1 | 1<<2 | 1<<3

// DecodeConversion reads a POST /convert body under the decoding policy of
// this package and returns the validated request for the conversion topic.
// Errors are *RequestError.
func DecodeConversion(body []byte, now time.Time) (domain.ConversionRequest, error) {
	var in domain.ConversionInput
	err := decodeObject(body, conversionFields, conversionRequired, func(i int, raw []byte) (err error) {
		switch i {
		case 0:
			in.ID, err = asString("id", raw)
		case 1:
			in.Amount, err = asDecimal("amount", raw)
		case 2:
			in.From, err = asString("from", raw)
		case 3:
			in.To, err = asString("to", raw)
		}
		return err
	})
	if err != nil {
		return domain.ConversionRequest{}, err
	}
	req, err := domain.NewConversionRequest(in, now)
	if err != nil {
		return domain.ConversionRequest{}, fromDomain(err)
	}
	return req, nil
}
