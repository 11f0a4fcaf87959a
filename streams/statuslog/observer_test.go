package statuslog

import (
	"sync"

	"github.com/txstream/txstream/domain"
)

// countingObserver counts what the processor reports, by method name.
type countingObserver struct {
	mu     sync.Mutex
	counts map[string]int
}

func newCountingObserver() *countingObserver {
	return &countingObserver{counts: map[string]int{}}
}

func (c *countingObserver) add(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts[name]++
}

func (c *countingObserver) get(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[name]
}

func (c *countingObserver) Processed(string, string)      { c.add("processed") }
func (c *countingObserver) Transition(domain.StatusEvent) { c.add("transition") }
func (c *countingObserver) Converted(domain.Conversion)   { c.add("converted") }
func (c *countingObserver) Duplicate(string, string)      { c.add("duplicate") }
func (c *countingObserver) Conflict(string, string)       { c.add("conflict") }
func (c *countingObserver) Malformed(string, string)      { c.add("malformed") }

func (c *countingObserver) Restarted(string) {}
