package metrics

import (
	"github.com/txstream/txstream/domain"
)

// Label values used when an observed value is outside its vocabulary.
const (
	labelInvalid = "invalid" // a currency that is not an ISO 4217 code
	labelOther   = "other"   // a value of a closed vocabulary we do not know
)

// currencyLabel keeps currency labels bounded: a conversion request on the
// topic may carry any string, and every distinct label value is a series.
func currencyLabel(code string) string {
	if _, err := domain.ParseCurrency(code); err != nil {
		return labelInvalid
	}
	return code
}

// statusLabel passes the known statuses and folds anything else.
func statusLabel(s domain.Status) string {
	if !s.Valid() {
		return labelOther
	}
	return string(s)
}

// knownReasons is domain's vocabulary of failure reasons. A reason added
// there shows as "other" until it is added here, which a test catches.
var knownReasons = map[domain.Reason]bool{
	"":                           true,
	domain.ReasonInvalidAmount:   true,
	domain.ReasonInvalidCurrency: true,
	domain.ReasonNoRate:          true,
	domain.ReasonConflict:        true,
	domain.ReasonMalformedEvent:  true,
	domain.ReasonOverflow:        true,
	domain.ReasonStaleRate:       true,
}

// reasonLabel passes the known reasons ("" for none) and folds the rest.
func reasonLabel(r domain.Reason) string {
	if !knownReasons[r] {
		return labelOther
	}
	return string(r)
}

// vocab is a closed set of label values.
type vocab map[string]bool

func vocabulary(values ...string) vocab {
	v := make(vocab, len(values))
	for _, s := range values {
		v[s] = true
	}
	return v
}

// label passes a value of the vocabulary and folds anything else.
func (v vocab) label(s string) string {
	if !v[s] {
		return labelOther
	}
	return s
}
