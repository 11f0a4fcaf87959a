package cache

import "time"

// Event is one thing the read-through cache did.
type Event string

// Cache events.
const (
	EventHit          Event = "hit"           // answered from Redis
	EventMiss         Event = "miss"          // not in Redis; read from the table
	EventFill         Event = "fill"          // a version written to Redis
	EventStaleRefused Event = "stale_refused" // a write refused: Redis held a newer version
	EventFallback     Event = "fallback"      // a read served by the table because Redis failed or is backing off
	EventError        Event = "error"         // a Redis command failed or timed out
	EventDistrust     Event = "distrust"      // a refresh did not reach Redis: no cached entry is served for one TTL
)

// Observer is told what the cache does, so that its metrics live beside
// the code they observe (the metrics package implements it on a registry
// that is passed in). Methods must be safe for concurrent use and not
// block.
type Observer interface {
	// Cache: one cache event of a read (Get), a fill or a refresh.
	Cache(ev Event)
	// CacheCommand: one Redis round trip of the cache ("get" or "set")
	// took elapsed, failed or not.
	CacheCommand(command string, elapsed time.Duration)
}

// NopObserver ignores everything; it is the default.
type NopObserver struct{}

func (NopObserver) Cache(Event)                        {}
func (NopObserver) CacheCommand(string, time.Duration) {}
