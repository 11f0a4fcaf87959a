package streams

import (
	"context"
	"errors"
	"fmt"

	"github.com/lovoo/goka"
)

// Processor is one member of one of txstream's goka groups, built from its
// group graph with the clients and storage of a Config. Every processor
// package returns one from its New.
type Processor struct {
	name    string
	proc    *goka.Processor
	guard   *TableGuard
	lookups []Lookup // run around proc (lookup.go)
}

// NewProcessor checks cfg and builds the processor of graph, named name in
// errors, whose group table guard recovers; extra options (a tester, for
// instance) come last and win.
func NewProcessor(cfg Config, name string, graph *goka.GroupGraph, guard *TableGuard, extra ...goka.ProcessorOption) (*Processor, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	opts := append(cfg.ProcessorOptions(string(graph.Group())), goka.WithUpdateCallback(guard.Update))
	proc, err := goka.NewProcessor(cfg.Brokers, graph, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &Processor{name: name, proc: proc, guard: guard}, nil
}

// Run processes until ctx is done or the processor fails, and returns after
// its goroutines are gone; it can be called once. An error that goka
// reports while stopping after ctx was cancelled (sarama closing the
// consumer group races with the broker ending the generation: "the provided
// generation id is not the current generation") is not a failure of
// processing: whatever was not committed is delivered again to the next
// member, and every handler is idempotent. Such errors are dropped.
func (p *Processor) Run(ctx context.Context) error {
	defer p.guard.Close()
	lookups, err := p.startLookups(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("%s: %w", p.name, err)
	}
	// A lookup that stops on its own (it retries what the brokers fail)
	// leaves the callbacks nothing to read: the processor stops too, and
	// its supervisor builds both again.
	pctx, cancel := context.WithCancel(ctx)
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case <-lookups.failed:
			cancel()
		case <-pctx.Done():
		}
	}()
	err = p.proc.Run(pctx)
	cancel()
	<-watched
	lookupErr := lookups.close()
	if ctx.Err() != nil {
		return nil
	}
	if err = errors.Join(err, lookupErr); err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", p.name, err)
}

// Recovered reports whether the group table of every assigned partition
// and every Lookup has caught up: the readiness of /readyz.
func (p *Processor) Recovered() bool {
	for _, l := range p.lookups {
		if !l.Recovered() {
			return false
		}
	}
	return p.proc.Recovered()
}

// Goka returns the underlying goka processor, for monitoring (stats, the
// web monitor); callers must not run or stop it.
func (p *Processor) Goka() *goka.Processor { return p.proc }
