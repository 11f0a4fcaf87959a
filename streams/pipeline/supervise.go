package pipeline

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/lovoo/goka"
)

// Restart bounds the delay between a processor's failure and its restart.
type Restart struct {
	Min, Max time.Duration // 500ms, 30s
	// Reset: a processor that ran this long before failing restarts after
	// Min again.
	Reset time.Duration // 1m
}

func (r Restart) withDefaults() Restart {
	if r.Min <= 0 {
		r.Min = 500 * time.Millisecond
	}
	if r.Max < r.Min {
		r.Max = max(30*time.Second, r.Min)
	}
	if r.Reset <= 0 {
		r.Reset = time.Minute
	}
	return r
}

// supervised runs one processor and, when it fails, builds a new one and
// runs it after a backoff: a goka processor runs only once, and a broker
// outage of a few seconds makes it fail (a commit or a Lookup view that
// cannot catch up). The rest of the process — the services, the views, the
// other processors — keeps running meanwhile; uncommitted input is
// delivered again to the new processor, and every handler is idempotent.
type supervised struct {
	name    string
	build   func() (component, error)
	current atomic.Pointer[component]
	restart Restart
	log     *slog.Logger
	started func(*goka.Processor)
	failed  func(group string)
}

func newSupervised(name string, first component, build func() (component, error), o Options) *supervised {
	s := &supervised{name: name, build: build, restart: o.Restart.withDefaults(), log: o.WithDefaults().Logger,
		started: o.Started, failed: o.WithDefaults().Observer.Restarted}
	s.current.Store(&first)
	return s
}

// Run runs the processor until ctx ends, restarting it after failures.
func (s *supervised) Run(ctx context.Context) error {
	delay := s.restart.Min
	for {
		c := *s.current.Load()
		if s.started != nil {
			s.started(c.Goka())
		}
		began := time.Now()
		err := c.Run(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if time.Since(began) > s.restart.Reset {
			delay = s.restart.Min
		}
		s.log.Error("processor stopped; restarting it", "processor", s.name, "err", err, "after", delay)
		s.failed(string(c.Goka().Graph().Group()))
		if !s.next(ctx, delay) {
			return nil
		}
		delay = min(2*delay, s.restart.Max)
	}
}

// next waits out the backoff, then builds the next processor, retrying
// the build after further backoffs; false when ctx ended first.
func (s *supervised) next(ctx context.Context, delay time.Duration) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(delay):
		}
		c, err := s.build()
		if err == nil {
			s.current.Store(&c)
			return true
		}
		s.log.Error("processor cannot be built; retrying", "processor", s.name, "err", err)
		delay = min(2*delay, s.restart.Max)
	}
}

func (s *supervised) Recovered() bool       { return (*s.current.Load()).Recovered() }
func (s *supervised) Goka() *goka.Processor { return (*s.current.Load()).Goka() }
