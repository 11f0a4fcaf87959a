package conversions

import (
	"sync"

	"github.com/txstream/txstream/domain"
)

// countingObserver counts what the processor reports, by method, and keeps
// the conversions it was told about.
type countingObserver struct {
	mu        sync.Mutex
	counts    map[string]int
	converted []domain.Conversion
}

func newCountingObserver() *countingObserver { return &countingObserver{counts: map[string]int{}} }

func (o *countingObserver) add(what string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.counts[what]++
}

// snapshot returns the counts so far.
func (o *countingObserver) snapshot() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make(map[string]int, len(o.counts))
	for k, v := range o.counts {
		out[k] = v
	}
	return out
}

func (o *countingObserver) Processed(string, string)      { o.add("processed") }
func (o *countingObserver) Transition(domain.StatusEvent) { o.add("transition") }
func (o *countingObserver) Duplicate(string, string)      { o.add("duplicate") }
func (o *countingObserver) Conflict(string, string)       { o.add("conflict") }
func (o *countingObserver) Malformed(string, string)      { o.add("malformed") }

func (o *countingObserver) Converted(c domain.Conversion) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.counts["converted"]++
	o.converted = append(o.converted, c)
}

func (o *countingObserver) Restarted(string) {}
