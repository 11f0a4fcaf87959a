package testenv

import (
	"maps"
	"sync"

	"github.com/txstream/txstream/domain"
)

// CountingObserver is a streams.Observer that counts what a processor
// reports, by the method's name in lower case ("processed", "transition",
// "converted", "duplicate", "conflict", "malformed", "restarted"), and
// refusals by reason as well ("refused" and "refused/<reason>").
type CountingObserver struct {
	mu     sync.Mutex
	counts map[string]int
}

// NewCountingObserver returns an observer with every count at zero.
func NewCountingObserver() *CountingObserver {
	return &CountingObserver{counts: map[string]int{}}
}

// Count is the count of name so far.
func (o *CountingObserver) Count(name string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.counts[name]
}

// Counts returns a copy of the counts so far; names never reported are
// absent.
func (o *CountingObserver) Counts() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return maps.Clone(o.counts)
}

func (o *CountingObserver) add(name string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.counts[name]++
}

func (o *CountingObserver) Processed(string, string)      { o.add("processed") }
func (o *CountingObserver) Transition(domain.StatusEvent) { o.add("transition") }
func (o *CountingObserver) Converted(domain.Conversion)   { o.add("converted") }
func (o *CountingObserver) Duplicate(string, string)      { o.add("duplicate") }
func (o *CountingObserver) Conflict(string, string)       { o.add("conflict") }
func (o *CountingObserver) Malformed(string, string)      { o.add("malformed") }
func (o *CountingObserver) Restarted(string)              { o.add("restarted") }

// DeadLettered counts "dead_letter" and "dead_letter/<reason>".
func (o *CountingObserver) DeadLettered(_, _ string, reason string) {
	o.add("dead_letter")
	o.add("dead_letter/" + reason)
}

// Refused counts a refusal in total and under its reason.
func (o *CountingObserver) Refused(_, _, reason string) {
	o.add("refused")
	o.add("refused/" + reason)
}
