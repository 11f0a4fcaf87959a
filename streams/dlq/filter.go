package dlq

// Filter chooses dead letters; an empty field matches every one.
type Filter struct {
	Reason      string
	SourceTopic string
}

// Match reports whether l passes f.
func (f Filter) Match(l Letter) bool {
	return (f.Reason == "" || l.Reason == f.Reason) &&
		(f.SourceTopic == "" || l.Source.Topic == f.SourceTopic)
}

// Select returns the dead letters of log that pass f, in topic order.
func (f Filter) Select(log *Log) []Letter {
	var out []Letter
	for _, l := range log.Letters {
		if f.Match(l) {
			out = append(out, l)
		}
	}
	return out
}
