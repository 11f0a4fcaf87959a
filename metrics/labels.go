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

// knownReasons is domain's vocabulary of failure reasons, "" (none)
// included.
var knownReasons = vocabulary(append([]string{""}, words(domain.Reasons)...)...)

// reasonLabel passes the known reasons ("" for none) and folds the rest.
func reasonLabel(r domain.Reason) string { return knownReasons.label(string(r)) }

// vocab is a closed set of label values, in the order they are exported.
type vocab struct {
	values []string
	known  map[string]bool
}

func vocabulary(values ...string) vocab {
	v := vocab{values: values, known: make(map[string]bool, len(values))}
	for _, s := range values {
		v.known[s] = true
	}
	return v
}

// label passes a value of the vocabulary and folds anything else.
func (v vocab) label(s string) string {
	if !v.known[s] {
		return labelOther
	}
	return s
}

// words converts a list of typed words (statuses, kinds) to label values.
func words[W ~string](ws []W) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = string(w)
	}
	return out
}
