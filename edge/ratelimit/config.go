package ratelimit

import (
	"errors"
	"math"
	"time"
)

// Config is what a Limiter needs.
type Config struct {
	// Rate is the sustained requests per second of one bucket (--rate-limit).
	Rate float64
	// Burst is how many requests a bucket allows at once, the bucket's
	// size. Zero means the requests of one second (Rate rounded up), so
	// that a client may spend a second's worth at once.
	Burst int
	// MaxBuckets bounds the buckets held at once; zero means
	// DefaultMaxBuckets.
	MaxBuckets int
	// Now is the clock; nil means time.Now. Tests inject one.
	Now func() time.Time
}

// DefaultMaxBuckets holds a hundred thousand clients at a few hundred
// bytes each (a rate.Limiter, a list element and a map entry): tens of
// megabytes at the worst, when each bucket is a different address.
const DefaultMaxBuckets = 100_000

// Validate checks the configuration.
func (c Config) Validate() error {
	switch {
	case !(c.Rate > 0) || math.IsInf(c.Rate, 0):
		return errors.New("ratelimit: the rate must be a positive number of requests per second")
	case c.Burst < 0:
		return errors.New("ratelimit: negative burst")
	case c.MaxBuckets < 0:
		return errors.New("ratelimit: negative bucket bound")
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Burst == 0 {
		c.Burst = int(math.Ceil(c.Rate))
	}
	if c.MaxBuckets == 0 {
		c.MaxBuckets = DefaultMaxBuckets
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// fill is how long an empty bucket takes to fill: a bucket idle that
// long is full, the same as a new one, so it can be dropped.
func (c Config) fill() time.Duration {
	return time.Duration(float64(c.Burst) / c.Rate * float64(time.Second))
}
