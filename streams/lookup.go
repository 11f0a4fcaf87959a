package streams

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/txstream/txstream/internal/poll"
)

// Lookup is a table that a processor's callbacks read, in a view that the
// processor runs around goka's processor instead of a goka Lookup edge.
//
// goka v1.1.17 runs a Lookup edge's view on the processor's context and
// closes it the moment that context ends, without waiting for the
// callbacks in flight; View.close writes the partitions that View.Get
// reads without a lock. That is a data race, which the race detector
// halts the process on (the replicated-cluster test's processor, in CI,
// after a leader's kill -9 restarted its processors), and without the
// detector an index out of range. A Lookup starts before goka's processor,
// which processes nothing until every Lookup has recovered, and stops only
// after goka's Run has returned, when no callback runs any more.
type Lookup interface {
	Run(ctx context.Context) error
	Recovered() bool
}

// ReadsFrom adds lookups to what Run runs around goka's processor; call it
// before Run.
func (p *Processor) ReadsFrom(lookups ...Lookup) { p.lookups = append(p.lookups, lookups...) }

// lookupRecoveryPoll is how often Run looks whether the lookups recovered.
const lookupRecoveryPoll = 20 * time.Millisecond

// runningLookups are the Lookups of one Run, running.
type runningLookups struct {
	stop   context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	err    error         // the first Run that returned, nil or not
	failed chan struct{} // closed when a Lookup's Run returned
	once   sync.Once
}

// startLookups runs every lookup on a context of its own, cancelled only
// by close, and waits until all have recovered, ctx ends, or one stops.
func (p *Processor) startLookups(ctx context.Context) (*runningLookups, error) {
	lctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	rl := &runningLookups{stop: stop, failed: make(chan struct{})}
	for _, l := range p.lookups {
		rl.wg.Go(func() { rl.ended(l.Run(lctx)) })
	}
	err := poll.Until(ctx, lookupRecoveryPoll, func() (bool, error) {
		select {
		case <-rl.failed:
			return false, fmt.Errorf("lookup stopped while recovering: %w", rl.cause())
		default:
		}
		for _, l := range p.lookups {
			if !l.Recovered() {
				return false, nil
			}
		}
		return true, nil
	})
	if err != nil {
		return nil, errors.Join(err, rl.close())
	}
	return rl, nil
}

func (rl *runningLookups) ended(err error) {
	rl.once.Do(func() {
		rl.mu.Lock()
		rl.err = err
		rl.mu.Unlock()
		close(rl.failed)
	})
}

func (rl *runningLookups) cause() error {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if rl.err == nil {
		return errLookupEnded
	}
	return rl.err
}

// close stops the lookups and waits for them; it returns the error of one
// that had stopped on its own before.
func (rl *runningLookups) close() error {
	select {
	case <-rl.failed:
		rl.stop()
		rl.wg.Wait()
		return fmt.Errorf("lookup stopped: %w", rl.cause())
	default:
	}
	rl.stop()
	rl.wg.Wait()
	return nil
}
