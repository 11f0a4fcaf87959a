package actors

import (
	"fmt"
	"time"
)

// Config tunes the actor layer. A zero field takes its default (see
// DefaultConfig); negative values and inconsistent combinations are refused
// by Validate.
type Config struct {
	// MaxInFlight bounds the submits (SubmitTransaction, SubmitConversion)
	// in progress in this process, each counted from admission until its
	// actor has answered it, even if its caller gave up earlier; past it
	// submits fail fast with ErrOverloaded.
	MaxInFlight int
	// MaxWaiters bounds concurrent Wait calls (long polls).
	MaxWaiters int
	// IdleTimeout passivates an actor that received nothing for this long
	// (it stops between one and two IdleTimeouts after its last message).
	// Short, because a finished actor only saves a table read on a later
	// request for its id, while every live one is heap the collector marks
	// on every cycle (BENCHMARKS.md, "Results of `make bench`", what the
	// 2 s idle timeout bought).
	IdleTimeout time.Duration
	// ProduceTimeout bounds one produce: Kafka must acknowledge within it,
	// or the request fails with ErrOutcomeUnknown (or ErrUnavailable when
	// the producer says the record surely was not written).
	ProduceTimeout time.Duration
	// PendingRetention keeps an idle actor alive while an event it had
	// acknowledged has not shown up in the table yet, at most this long, so
	// that a replay in that window is still answered from memory.
	PendingRetention time.Duration
	// VerdictTimeout, when set, makes a transaction submit wait, after
	// Kafka's acknowledgement, until the transactions table shows which body
	// the processor kept for the id, at most this long: the submit succeeds
	// only if it is this request's, and fails with a *ConflictError
	// otherwise, so that processes that do not share actors give one
	// verdict per id. Past it the submit fails with ErrNoVerdict (an
	// ErrOutcomeUnknown). Zero answers at the acknowledgement, as a gateway
	// must whose Observe is not fed by the table's changes: it would never
	// hear a verdict.
	VerdictTimeout time.Duration
	// ShutdownTimeout bounds Run's shutdown: in-flight work finishes within
	// it or fails with ErrStopping.
	ShutdownTimeout time.Duration
	// RestartBackoff delays the restart of an actor that panicked.
	RestartBackoff Backoff
	// Faults, when set (tests only), makes handling chosen ids panic.
	Faults *FaultInjector
}

// Backoff is the supervisor's restart delay: Initial after the first failure
// inside Window, doubling with each further failure inside Window, never more
// than Max.
type Backoff struct {
	Initial time.Duration
	Max     time.Duration
	Window  time.Duration
}

// DefaultConfig returns the defaults that zero fields take.
func DefaultConfig() Config {
	return Config{
		// The edge's bounds (edge.Config.MaxInFlight and MaxLongPolls):
		// txstream sets both from one setting each, and a test in
		// cmd/txstream keeps these equal to the edge's.
		MaxInFlight:      4096,
		MaxWaiters:       1024,
		IdleTimeout:      2 * time.Second,
		ProduceTimeout:   5 * time.Second,
		PendingRetention: time.Minute,
		ShutdownTimeout:  10 * time.Second,
		RestartBackoff:   Backoff{Initial: 10 * time.Millisecond, Max: 5 * time.Second, Window: time.Minute},
	}
}

// withDefaults fills zero fields from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	setIfZero(&c.MaxInFlight, d.MaxInFlight)
	setIfZero(&c.MaxWaiters, d.MaxWaiters)
	setIfZero(&c.IdleTimeout, d.IdleTimeout)
	setIfZero(&c.ProduceTimeout, d.ProduceTimeout)
	setIfZero(&c.PendingRetention, d.PendingRetention)
	setIfZero(&c.ShutdownTimeout, d.ShutdownTimeout)
	setIfZero(&c.RestartBackoff.Initial, d.RestartBackoff.Initial)
	setIfZero(&c.RestartBackoff.Max, max(d.RestartBackoff.Max, c.RestartBackoff.Initial))
	setIfZero(&c.RestartBackoff.Window, d.RestartBackoff.Window)
	return c
}

func setIfZero[T comparable](field *T, def T) {
	var zero T
	if *field == zero {
		*field = def
	}
}

// Validate refuses negative limits and durations and a backoff whose Max is
// below its Initial. Zero fields are valid: they take defaults.
func (c Config) Validate() error {
	fields := []struct {
		name  string
		value int64
	}{
		{"MaxInFlight", int64(c.MaxInFlight)}, {"MaxWaiters", int64(c.MaxWaiters)},
		{"IdleTimeout", int64(c.IdleTimeout)}, {"ProduceTimeout", int64(c.ProduceTimeout)},
		{"PendingRetention", int64(c.PendingRetention)}, {"ShutdownTimeout", int64(c.ShutdownTimeout)},
		{"VerdictTimeout", int64(c.VerdictTimeout)},
		{"RestartBackoff.Initial", int64(c.RestartBackoff.Initial)}, {"RestartBackoff.Max", int64(c.RestartBackoff.Max)},
		{"RestartBackoff.Window", int64(c.RestartBackoff.Window)},
	}
	for _, f := range fields {
		if f.value < 0 {
			return fmt.Errorf("%w: %s is negative", ErrInvalidConfig, f.name)
		}
	}
	b := c.RestartBackoff
	if b.Max != 0 && b.Max < b.Initial {
		return fmt.Errorf("%w: RestartBackoff.Max %s is below Initial %s", ErrInvalidConfig, b.Max, b.Initial)
	}
	return nil
}

// delay is the wait before restarting after the n-th failure in the window.
func (b Backoff) delay(n int) time.Duration {
	d := b.Initial
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}
