package webhooks

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"github.com/txstream/txstream/streams"
)

// Options configure the webhooks group and its dispatcher.
type Options struct {
	streams.Hooks
	// Observer hears of attempts and outcomes; nil means NopObserver.
	Webhooks Observer
	// Retries are the delays before the second, third ... attempt of one
	// message: len(Retries)+1 attempts in all, then the dead letter.
	Retries []time.Duration
	// Timeout bounds one attempt, connection included.
	Timeout time.Duration
	// Workers bounds the attempts in flight in one process; PerEndpoint
	// bounds those to one endpoint, so that a slow or dead endpoint holds
	// at most PerEndpoint of the Workers.
	Workers     int
	PerEndpoint int
	// AllowPrivate lets endpoints on loopback and private addresses
	// through the SSRF guard (dev).
	AllowPrivate bool
	// Client, when set, replaces the guarded client (tests only).
	Client *http.Client
}

// DefaultRetries is the retry schedule of --webhook-retries: quick enough
// for a blip, spread over about 18 hours for an outage (DESIGN.md,
// "Webhooks", why).
const DefaultRetries = "5s,5m,30m,2h,5h,10h"

// DefaultOptions are the defaults of the settings.
func DefaultOptions() Options {
	r, _ := ParseRetries(DefaultRetries)
	return Options{Retries: r, Timeout: 10 * time.Second, Workers: 256, PerEndpoint: 16}
}

// ParseRetries reads a comma-separated list of durations ("5s,5m,30m").
func ParseRetries(s string) ([]time.Duration, error) {
	var out []time.Duration
	for part := range strings.SplitSeq(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("%w: retries: %w", ErrInvalidOptions, err)
		}
		if d <= 0 {
			return nil, fmt.Errorf("%w: retries: %s is not a positive delay", ErrInvalidOptions, d)
		}
		out = append(out, d)
	}
	return out, nil
}

// FormatRetries writes a schedule as ParseRetries reads it.
func FormatRetries(r []time.Duration) string {
	parts := make([]string, len(r))
	for i, d := range r {
		parts[i] = d.String()
	}
	return strings.Join(parts, ",")
}

// Validate reports the first setting that cannot work.
func (o Options) Validate() error {
	switch {
	case len(o.Retries) == 0:
		return fmt.Errorf("%w: retries: none given", ErrInvalidOptions)
	case o.Timeout <= 0:
		return fmt.Errorf("%w: timeout %s", ErrInvalidOptions, o.Timeout)
	case o.Workers < 1 || o.PerEndpoint < 1:
		return fmt.Errorf("%w: workers %d, per endpoint %d: need at least 1", ErrInvalidOptions, o.Workers, o.PerEndpoint)
	}
	return nil
}

func (o Options) withDefaults() Options {
	o.Hooks = o.Hooks.WithDefaults()
	if o.Webhooks == nil {
		o.Webhooks = NopObserver{}
	}
	return o
}

// delay is the wait before the attempt after the n-th failed one (n >= 1),
// with ±10% jitter so that the messages an outage failed together do not
// all come back at once; ok is false after the last attempt.
func (o Options) delay(n int) (time.Duration, bool) {
	if n > len(o.Retries) {
		return 0, false
	}
	d := o.Retries[n-1]
	return d - d/10 + time.Duration(rand.Int64N(int64(d/5)+1)), true
}
