package stage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Component is one long-running part of a process: an HTTP service, the
// actor gateway, a processor, a view. Run returns once ctx is done and the
// component's goroutines are gone.
type Component struct {
	Name string
	Run  func(ctx context.Context) error
}

// Closer turns a Close-style function into a component that waits for its
// stage to stop and then closes, so that flushing the producer or stopping
// an embedded backend happens in its place in the shutdown order.
func Closer(name string, close func() error) Component {
	return Component{Name: name, Run: func(ctx context.Context) error {
		<-ctx.Done()
		return close()
	}}
}

// Runner runs components in stages. All stages start together; on
// shutdown (ctx done, or any component failing) the stages stop one after
// the other, first stage first, each once the one before it has returned,
// all within one deadline. The caller decides what the stages are and why
// they stop in that order.
type Runner struct {
	stages   [][]Component
	deadline time.Duration // for the whole shutdown
	log      *slog.Logger
}

// New returns a runner whose whole shutdown has deadline.
func New(deadline time.Duration, log *slog.Logger) *Runner {
	return &Runner{deadline: deadline, log: log}
}

// Stage appends a stage that stops after the ones added before it; an
// empty stage is left out.
func (l *Runner) Stage(cs ...Component) {
	if len(cs) > 0 {
		l.stages = append(l.stages, cs)
	}
}

// running tracks which components have not returned, for the deadline's
// error message.
type running struct {
	mu    sync.Mutex
	names map[string]bool
}

func (r *running) set(name string, on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if on {
		r.names[name] = true
	} else {
		delete(r.names, name)
	}
}

func (r *running) list() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var names []string
	for n := range r.names {
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

// Run starts every component and returns after shutdown: nil when ctx
// ended and everything stopped cleanly within the deadline, else the
// failures. Components still running at the deadline are abandoned to the
// process exit.
func (l *Runner) Run(ctx context.Context) error {
	failed := make(chan struct{})
	var failOnce sync.Once
	state := &running{names: map[string]bool{}}
	stops := make([]context.CancelFunc, len(l.stages))
	groups := make([]*errgroup.Group, len(l.stages))
	for i, stage := range l.stages {
		var sctx context.Context
		sctx, stops[i] = context.WithCancel(context.WithoutCancel(ctx))
		groups[i] = l.start(sctx, stage, state, func() { failOnce.Do(func() { close(failed) }) })
	}
	select {
	case <-ctx.Done():
		l.log.Info("stopping", "cause", context.Cause(ctx), "deadline", l.deadline)
	case <-failed:
		l.log.Error("a component failed; stopping")
	}
	return l.stop(stops, groups, state)
}

func (l *Runner) start(ctx context.Context, stage []Component, state *running, fail func()) *errgroup.Group {
	g := &errgroup.Group{}
	for _, c := range stage {
		state.set(c.Name, true)
		g.Go(func() error {
			defer state.set(c.Name, false)
			err := c.Run(ctx)
			if err != nil && !(ctx.Err() != nil && errors.Is(err, context.Canceled)) {
				l.log.Error("component failed", "component", c.Name, "err", err)
				fail()
				return fmt.Errorf("%s: %w", c.Name, err)
			}
			if ctx.Err() == nil {
				fail() // a component that ends on its own stops the process
				return fmt.Errorf("%s: %w", c.Name, ErrStoppedEarly)
			}
			return nil
		})
	}
	return g
}

// stop cancels the stages in order and waits for each, all within one
// deadline.
func (l *Runner) stop(stops []context.CancelFunc, groups []*errgroup.Group, state *running) error {
	timer := time.NewTimer(l.deadline)
	defer timer.Stop()
	var errs []error
	for i, g := range groups {
		stops[i]()
		done := make(chan error, 1)
		go func() { done <- g.Wait() }()
		select {
		case err := <-done:
			errs = append(errs, err)
		case <-timer.C:
			return errors.Join(append(errs, fmt.Errorf("%w (%s); still running: %s", ErrDeadline, l.deadline, state.list()))...)
		}
	}
	return errors.Join(errs...)
}
