package rates

import (
	"sync"

	"github.com/txstream/txstream/domain"
)

// countingObserver counts what the processor reports, by method.
type countingObserver struct {
	mu     sync.Mutex
	counts map[string]int
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
func (o *countingObserver) Converted(domain.Conversion)   { o.add("converted") }
func (o *countingObserver) Duplicate(string, string)      { o.add("duplicate") }
func (o *countingObserver) Conflict(string, string)       { o.add("conflict") }
func (o *countingObserver) Malformed(string, string)      { o.add("malformed") }

func (o *countingObserver) Restarted(string) {}
