package domain

import "encoding/json"

// Reasons lists every failure reason: they decode without allocating (a
// reason missing here would still decode, through the slower path), and
// they are the reason labels of the metrics. A test keeps it complete.
var Reasons = []Reason{
	ReasonInvalidAmount, ReasonInvalidCurrency, ReasonNoRate, ReasonConflict, ReasonMalformedEvent, ReasonOverflow,
	ReasonStaleRate,
}

// UnmarshalJSON reads a status. A known status becomes the package's
// constant instead of a new string: a converted transaction holds five
// statuses and is decoded at each of its changes by the processor and by
// every view. Anything else decodes as encoding/json decodes a string.
func (s *Status) UnmarshalJSON(data []byte) error {
	if known, ok := knownWord(data, Statuses); ok {
		*s = known
		return nil
	}
	return json.Unmarshal(data, (*string)(s))
}

// UnmarshalJSON reads a reason, a known one without allocating (see
// Status.UnmarshalJSON).
func (r *Reason) UnmarshalJSON(data []byte) error {
	if known, ok := knownWord(data, Reasons); ok {
		*r = known
		return nil
	}
	return json.Unmarshal(data, (*string)(r))
}

// knownWord returns the word of known that data, a JSON string without
// escapes, spells. A string with escapes never matches, so it takes the
// general path that unescapes it.
func knownWord[W ~string](data []byte, known []W) (W, bool) {
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return "", false
	}
	word := data[1 : len(data)-1]
	for _, k := range known {
		if string(word) == string(k) {
			return k, true
		}
	}
	return "", false
}
