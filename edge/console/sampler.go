package console

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/domain"
)

// sampler is the one reader of the registry and of the log index behind
// every live stream: each Interval it reads both once and wakes the
// streams, which copy what they have not sent yet. A viewer costs a copy,
// not a Gather.
//
// It reads only while someone watches, and for a window's length after
// the last viewer left (so that a reload or a round trip through the
// other pages finds the charts' past): a Gather reads the consumer lag
// from Kafka, which a process nobody looks at should not pay for every
// second (BENCHMARKS.md, "The operator console's cost"). A viewer who
// comes after that sees the charts start.
//
// State: everything below mu is written by Run's goroutine and read by
// the streams' handlers.
type sampler struct {
	gather  prometheus.Gatherer // nil: no charts, the changes only
	changes *follower
	every   time.Duration
	window  int
	now     func() time.Time

	mu      sync.Mutex
	watched time.Time // when the last viewer left, or zero while one watches
	samples []Sample  // the last window samples, oldest first
	seq     int64
	recent  []domain.LogEntry // newest first
	recentV int64             // bumped when recent changes
	subs    map[chan struct{}]struct{}
	done    chan struct{} // closed when Run returns
}

func newSampler(c Config) *sampler {
	s := &sampler{gather: c.Metrics, every: c.Interval, window: c.Window, now: time.Now,
		subs: map[chan struct{}]struct{}{}, done: make(chan struct{})}
	s.changes = newFollower(c.Tables, c.Events, c.Recent, s.now)
	return s
}

// Run samples until ctx ends, then ends every stream.
func (s *sampler) Run(ctx context.Context) error {
	defer close(s.done)
	tick := time.NewTicker(s.every)
	defer tick.Stop()
	var prev totals
	var prevAt time.Time
	active := false
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		at := s.now()
		switch {
		case !s.watchedAt(at):
			active = false
		case !active:
			// Resuming: a baseline for the next rates, and the changes
			// from a moment ago; the samples of an earlier watch are too
			// old to draw beside the new ones.
			prev, prevAt, active = s.read(), at, true
			s.changes.restart()
			s.forget()
		default:
			cur := s.read()
			sm := rates(prev, cur, at.Sub(prevAt).Seconds())
			sm.At = at.Unix()
			prev, prevAt = cur, at
			recent, changed := s.changes.poll()
			s.publish(sm, recent, changed)
		}
	}
}

// watchedAt reports whether a viewer watches at t, or left less than a
// window ago.
func (s *sampler) watchedAt(t time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs) > 0 || t.Sub(s.watched) < time.Duration(s.window)*s.every
}

// forget drops the samples and changes of an earlier watch.
func (s *sampler) forget() {
	s.mu.Lock()
	s.samples, s.recent = s.samples[:0], nil
	s.recentV++
	s.mu.Unlock()
}

// read gathers the registry; a collector that fails (a lag read while
// Kafka is away) leaves its families out, and the rest still counts.
func (s *sampler) read() totals {
	if s.gather == nil {
		return totals{}
	}
	mfs, _ := s.gather.Gather()
	return readTotals(mfs)
}

func (s *sampler) publish(sm Sample, recent []domain.LogEntry, changed bool) {
	s.mu.Lock()
	s.seq++
	sm.Seq = s.seq
	s.samples = append(s.samples, sm)
	if len(s.samples) > s.window {
		s.samples = append(s.samples[:0], s.samples[len(s.samples)-s.window:]...)
	}
	if changed {
		s.recent = recent
		s.recentV++
	}
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // it has a wake-up pending already
		}
	}
	s.mu.Unlock()
}

// subscribe returns a channel woken after each sample, and its release.
func (s *sampler) subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		delete(s.subs, ch)
		if len(s.subs) == 0 {
			s.watched = s.now()
		}
		s.mu.Unlock()
	}
}

// since returns the samples after seq, the newest recent changes and
// their version.
func (s *sampler) since(seq int64) ([]Sample, []domain.LogEntry, int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Sample
	for _, sm := range s.samples {
		if sm.Seq > seq {
			out = append(out, sm)
		}
	}
	return out, s.recent, s.recentV
}
