package embedded

import (
	"sync"
	"sync/atomic"
)

// groupCommit makes writes durable in groups: every caller of wait is
// released by one call of sync that started after wait was called, and one
// sync releases every caller waiting when it starts. Under load one sync
// (one syncfs) serves many acknowledgements, so their cost does not add up
// as one fsync per batch does (BENCHMARKS.md, "Durable acknowledgements in
// dev").
type groupCommit struct {
	sync    func() error
	waiters chan chan error // each waiter's answer channel, capacity 1
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
	syncs   atomic.Int64 // syncs done, for the tests
}

func newGroupCommit(sync func() error) *groupCommit {
	g := &groupCommit{sync: sync, waiters: make(chan chan error), stop: make(chan struct{}), done: make(chan struct{})}
	go g.run()
	return g
}

// run syncs whenever someone waits, for everyone waiting at that moment,
// until close.
func (g *groupCommit) run() {
	defer close(g.done)
	for {
		var batch []chan error
		select {
		case <-g.stop:
			return
		case w := <-g.waiters:
			batch = append(batch, w)
		}
		batch = g.drain(batch)
		err := g.sync()
		g.syncs.Add(1)
		for _, w := range batch {
			w <- err
		}
	}
}

// drain adds to batch everyone who is already waiting.
func (g *groupCommit) drain(batch []chan error) []chan error {
	for {
		select {
		case w := <-g.waiters:
			batch = append(batch, w)
		default:
			return batch
		}
	}
}

// wait returns once everything written before the call is on disk, with
// the sync's error, or ErrClosed once close was called.
func (g *groupCommit) wait() error {
	answer := make(chan error, 1)
	select {
	case g.waiters <- answer:
	case <-g.stop:
		return ErrClosed
	}
	select {
	case err := <-answer:
		return err
	case <-g.done:
		return ErrClosed
	}
}

// close stops the syncing; waiters not served yet get ErrClosed.
func (g *groupCommit) close() {
	g.once.Do(func() { close(g.stop) })
	<-g.done
}
