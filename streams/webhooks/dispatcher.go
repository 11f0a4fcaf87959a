package webhooks

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/txstream/txstream/streams"
)

// Dispatcher makes the attempts of the messages due in the partitions
// this member owns, outside goka's callbacks: a bounded pool of attempt
// goroutines (Options.Workers), at most Options.PerEndpoint of them on
// one endpoint, so that a slow or dead endpoint holds a few workers and
// never a partition or the other endpoints. It only reads the table (its
// mirror of the local stores); each attempt's outcome goes to the
// loopback topic, and the callback that applies it writes the table,
// whose write reaches the mirror and schedules what is due next.
type Dispatcher struct {
	o        Options
	registry *Registry
	client   *http.Client
	// report hands an outcome to the producer; done is called with its
	// acknowledgement.
	report func(ctx context.Context, txID string, out outcome, done func(error))

	mu       sync.Mutex
	entries  map[string]*entry // by transaction id
	busy     map[string]int    // attempts in flight per endpoint
	inFlight int
	pending  int // messages in the entries, for the gauge
	wake     chan struct{}
}

// entry is what the mirror knows of one transaction: the partition it is
// on and the head message of each endpoint.
type entry struct {
	partition int32
	heads     []*slot
	pending   int
}

// slot is one head message. busy: an attempt is in flight, or its outcome
// is on its way to the callback (until awaitUntil, after which the
// message is tried again: an outcome lost with its producer).
type slot struct {
	msg        message
	busy       bool
	awaitUntil time.Time
}

// outcomeWait bounds how long a slot waits for the outcome it reported
// to come back through the table.
const outcomeWait = time.Minute

func newDispatcher(o Options, registry *Registry, client *http.Client) *Dispatcher {
	return &Dispatcher{o: o, registry: registry, client: client,
		entries: map[string]*entry{}, busy: map[string]int{}, wake: make(chan struct{}, 1)}
}

// put replaces what the mirror knows of key with its stored state (nil:
// deleted). A head whose attempt is in flight stays busy.
func (d *Dispatcher) put(partition int32, key string, value []byte) {
	var st *state
	if value != nil {
		if v, err := (streams.JSON[state]{}).Decode(value); err == nil {
			st = v.(*state)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	old := d.entries[key]
	if old != nil {
		d.pending -= old.pending
		delete(d.entries, key)
	}
	if st != nil && len(st.Pending) > 0 {
		e := &entry{partition: partition, pending: len(st.Pending)}
		for _, m := range st.heads() {
			e.heads = append(e.heads, old.slotOf(m))
		}
		d.entries[key] = e
		d.pending += e.pending
	}
	d.o.Webhooks.Pending(d.pending)
	d.signal()
}

// slotOf is the slot of head m: the same one while m is the same attempt
// of the same message (its attempt's goroutine holds it, and marks it
// when the outcome is handed over), a new one otherwise.
func (e *entry) slotOf(m message) *slot {
	if e != nil {
		for _, s := range e.heads {
			if s.msg.WebhookID == m.WebhookID && s.msg.Attempts == m.Attempts {
				if !s.busy {
					s.msg = m
				}
				return s
			}
		}
	}
	return &slot{msg: m}
}

// forget drops a partition that this member no longer owns.
func (d *Dispatcher) forget(partition int32) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for key, e := range d.entries {
		if e.partition == partition {
			d.pending -= e.pending
			delete(d.entries, key)
		}
	}
	d.o.Webhooks.Pending(d.pending)
}

func (d *Dispatcher) signal() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// scanGap is the least time between two scans of the schedule: every
// table write wakes the dispatcher, and a scan reads every head, so under
// a burst of writes it scans once per gap rather than once per write
// (BENCHMARKS.md, "Webhooks: the cost of delivery"), for at most that
// much more latency per message.
const scanGap = 2 * time.Millisecond

// Run starts the attempts that are due until ctx is done, then cancels
// those in flight and returns once they have returned.
func (d *Dispatcher) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		next := d.startDue(ctx, &wg)
		timer.Reset(scanGap)
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		timer.Reset(max(time.Until(next), time.Millisecond))
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-timer.C:
		}
	}
}

// startDue starts an attempt for every due head that the limits allow,
// and returns when the next one will be due.
func (d *Dispatcher) startDue(ctx context.Context, wg *sync.WaitGroup) time.Time {
	now := time.Now()
	next := now.Add(time.Hour)
	d.mu.Lock()
	defer d.mu.Unlock()
	for key, e := range d.entries {
		for _, s := range e.heads {
			due := s.msg.NextAt
			if s.busy {
				if s.awaitUntil.IsZero() {
					continue // its attempt's goroutine will set it
				}
				due = s.awaitUntil
			}
			if due.After(now) {
				next = minTime(next, due)
				continue
			}
			if d.inFlight >= d.o.Workers || d.busy[s.msg.Endpoint] >= d.o.PerEndpoint {
				continue // a finishing attempt signals
			}
			s.busy, s.awaitUntil = true, time.Time{}
			d.inFlight++
			d.busy[s.msg.Endpoint]++
			m := s.msg
			wg.Go(func() { d.attempt(ctx, key, s, m) })
		}
	}
	return next
}

// release frees an attempt's worker and its endpoint's share.
func (d *Dispatcher) release(endpoint string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.inFlight--
	d.busy[endpoint]--
	if d.busy[endpoint] == 0 {
		delete(d.busy, endpoint)
	}
	d.signal()
}

// reported ends an attempt's outcome: recorded (the slot waits for it to
// come back through the table), or not (the slot is due again soon).
func (d *Dispatcher) reported(s *slot, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err == nil {
		s.awaitUntil = time.Now().Add(outcomeWait)
	} else {
		s.busy, s.msg.NextAt = false, time.Now().Add(time.Second)
	}
	d.signal()
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
