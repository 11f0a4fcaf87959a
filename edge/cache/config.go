package cache

import (
	"cmp"
	"fmt"
	"time"
)

// Config configures the Redis read-through cache.
type Config struct {
	// TTL of an entry. It bounds how long an entry can stay stale when a
	// Refresh was lost (Redis unreachable at that moment).
	TTL time.Duration // 1m
	// Timeout of one Redis command, dial included: short, because a slow
	// Redis must cost a read little before it falls back to the table.
	Timeout time.Duration // 100ms
	// Backoff after a Redis error, during which reads go straight to the
	// table instead of paying Timeout again on every request.
	Backoff time.Duration // 1s
	// KeyPrefix of the entries; the transaction id follows it. The default
	// names the entry format (a sorted set, write.go): the hashes of the
	// previous format, under "txstream:tx:", are left to expire.
	KeyPrefix string // "txstream:tx2:"
	// Security is the client's login and TLS (security.go); RedisOptions
	// applies it.
	Security Security
	// Writes says which transactions are written: every new one and its
	// changes (the default), or only those read through this cache
	// (writes.go).
	Writes Writes
}

// DefaultConfig returns the cache defaults.
func DefaultConfig() Config {
	return Config{TTL: time.Minute, Timeout: 100 * time.Millisecond, Backoff: time.Second, KeyPrefix: "txstream:tx2:"}
}

// Validate reports the first cache setting that cannot work, after defaults.
func (c Config) Validate() error {
	c = c.withDefaults()
	if c.TTL < 0 || c.Timeout < 0 || c.Backoff < 0 {
		return fmt.Errorf("%w: cache durations must not be negative", ErrInvalidConfig)
	}
	if _, ok := writesNames[c.Writes]; !ok {
		return fmt.Errorf("%w: cache writes %v", ErrInvalidConfig, c.Writes)
	}
	return c.Security.Validate()
}

// withDefaults gives every zero field its default.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	return Config{
		TTL:       cmp.Or(c.TTL, d.TTL),
		Timeout:   cmp.Or(c.Timeout, d.Timeout),
		Backoff:   cmp.Or(c.Backoff, d.Backoff),
		KeyPrefix: cmp.Or(c.KeyPrefix, d.KeyPrefix),
		Security:  c.Security,
		Writes:    c.Writes,
	}
}

// RefresherConfig configures a Refresher.
type RefresherConfig struct {
	// Queue bounds the transactions waiting for their refresh. A refresh
	// beyond it is dropped, and the cache distrusts its entries (see Cache).
	Queue int // 8192
	// Batch is the most entries written in one round trip.
	Batch int // 256
	// Drain bounds how long Run goes on writing queued refreshes once its
	// context is done; what is left then is dropped.
	Drain time.Duration // 1s
}

// DefaultRefresherConfig returns the refresher defaults.
func DefaultRefresherConfig() RefresherConfig {
	return RefresherConfig{Queue: 8192, Batch: 256, Drain: time.Second}
}

// Validate reports the first setting that cannot work, after defaults.
func (c RefresherConfig) Validate() error {
	if c.Queue < 0 || c.Batch < 0 || c.Drain < 0 {
		return fmt.Errorf("%w: refresher sizes and durations must not be negative", ErrInvalidConfig)
	}
	return nil
}

// withDefaults gives every zero field its default.
func (c RefresherConfig) withDefaults() RefresherConfig {
	d := DefaultRefresherConfig()
	return RefresherConfig{Queue: cmp.Or(c.Queue, d.Queue), Batch: cmp.Or(c.Batch, d.Batch), Drain: cmp.Or(c.Drain, d.Drain)}
}
