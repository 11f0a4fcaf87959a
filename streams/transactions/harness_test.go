package transactions_test

import (
	"sync"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/transactions"
)

// t0 is the fake clock's start; events are received one second earlier.
var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// counts are the observer calls of one test.
type counts struct {
	Processed, Transitions, Duplicates, Conflicts, Malformed, DeadLetters int
}

// recorder is an Observer that remembers what it was told.
type recorder struct {
	mu          sync.Mutex
	c           counts
	transitions []domain.StatusEvent
	reasons     []string
}

func (r *recorder) Processed(string, string)    { r.add(func(c *counts) { c.Processed++ }) }
func (r *recorder) Converted(domain.Conversion) {}
func (r *recorder) Duplicate(string, string)    { r.add(func(c *counts) { c.Duplicates++ }) }
func (r *recorder) Conflict(string, string)     { r.add(func(c *counts) { c.Conflicts++ }) }
func (r *recorder) Malformed(string, string)    { r.add(func(c *counts) { c.Malformed++ }) }

func (r *recorder) DeadLettered(_, _ string, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.c.DeadLetters++
	r.reasons = append(r.reasons, reason)
}

// deadLetterReasons are the reasons of every dead letter so far.
func (r *recorder) deadLetterReasons() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.reasons...)
}

func (r *recorder) Transition(ev domain.StatusEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.c.Transitions++
	r.transitions = append(r.transitions, ev)
}

func (r *recorder) add(f func(*counts)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.c)
}

func (r *recorder) transitionEvents() []domain.StatusEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]domain.StatusEvent(nil), r.transitions...)
}

func (r *recorder) counts() counts {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.c
}

// harness runs one processor, built with New and goka's tester, for one test.
type harness struct {
	t           *testing.T
	tt          *tester.Tester
	cfg         streams.Config
	clock       *fakeClock
	obs         *recorder
	proc        *transactions.Processor
	table       *tester.QueueTracker
	conversions *tester.QueueTracker
	deadLetters *tester.QueueTracker
}

// deadLetter is a record of the dead-letter topic.
type deadLetter struct {
	key     string
	value   []byte
	headers goka.Headers
}

func start(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, tt: tester.New(t), cfg: testenv.TesterConfig(), clock: &fakeClock{now: t0}, obs: &recorder{}}
	proc, err := transactions.New(h.cfg, transactions.Options{Observer: h.obs, Clock: h.clock.Now}, goka.WithTester(h.tt))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.proc = proc
	testenv.Run(t, "Run", proc.Run)
	h.table = h.tt.NewQueueTracker(string(streams.Table(h.cfg.Groups.Transactions)))
	h.conversions = h.tt.NewQueueTracker(h.cfg.Topics.Conversions)
	h.deadLetters = h.tt.NewQueueTracker(h.cfg.Topics.DeadLetter)
	testenv.Eventually(t, 5*time.Second, proc.Recovered, "processor recovered")
	return h
}

// request delivers ev on the transaction topic under key.
func (h *harness) request(key string, ev domain.TransactionRequested) {
	h.tt.Consume(h.cfg.Topics.Transactions, key, &ev)
}

// result delivers c on the conversion-result topic under its transaction id.
func (h *harness) result(c domain.Conversion) {
	h.tt.Consume(h.cfg.Topics.ConversionResults, c.TransactionID, &c)
}

// raw delivers bytes that no codec wrote, as a foreign producer would.
func (h *harness) raw(topic, key string, value []byte) {
	h.t.Helper()
	h.tt.Catchup()
	prod, err := h.tt.EmitterProducerBuilder()(nil, "raw", nil)
	if err != nil {
		h.t.Fatalf("raw producer: %v", err)
	}
	errc := make(chan error, 1)
	prod.Emit(topic, key, value).Then(func(err error) { errc <- err })
	if err := <-errc; err != nil {
		h.t.Fatalf("raw emit: %v", err)
	}
}

// tx is the table value of id, nil when there is none.
func (h *harness) tx(id string) *domain.Transaction {
	v := h.tt.TableValue(streams.Table(h.cfg.Groups.Transactions), id)
	if v == nil {
		return nil
	}
	return v.(*domain.Transaction)
}

func (h *harness) mustTx(id string) domain.Transaction {
	h.t.Helper()
	tx := h.tx(id)
	if tx == nil {
		h.t.Fatalf("no transaction %q in the table", id)
	}
	return *tx
}

// written drains the table values written since the last call (the
// changelog records, which are also the status stream), checking each is
// keyed by its transaction id.
func (h *harness) written() []domain.Transaction {
	h.t.Helper()
	var out []domain.Transaction
	for {
		key, v, ok := h.table.Next()
		if !ok {
			return out
		}
		tx := *v.(*domain.Transaction)
		if key != tx.ID {
			h.t.Errorf("table record key %q, transaction id %q", key, tx.ID)
		}
		out = append(out, tx)
	}
}

// writtenSteps drains the table values written since the last call and
// returns the histories they carry, one after the other.
func (h *harness) writtenSteps() []step {
	h.t.Helper()
	out := []step{}
	for _, tx := range h.written() {
		out = append(out, historySteps(tx)...)
	}
	return out
}

// emittedDeadLetters drains the dead letters written since the last call.
func (h *harness) emittedDeadLetters() []deadLetter {
	var out []deadLetter
	for {
		headers, key, value, ok := h.deadLetters.NextRawWithHeaders()
		if !ok {
			return out
		}
		out = append(out, deadLetter{key: key, value: value, headers: headers})
	}
}

// emittedConversions drains the conversion requests emitted since the last
// call, checking each is keyed by its id.
func (h *harness) emittedConversions() []domain.ConversionRequest {
	h.t.Helper()
	var out []domain.ConversionRequest
	for {
		key, v, ok := h.conversions.Next()
		if !ok {
			return out
		}
		req := *v.(*domain.ConversionRequest)
		if key != req.ID {
			h.t.Errorf("conversion request key %q, id %q", key, req.ID)
		}
		out = append(out, req)
	}
}

// valid builds a request as the edge does.
func valid(t *testing.T, id, amount, currency, target string) domain.TransactionRequested {
	t.Helper()
	ev, err := domain.NewTransactionRequested(domain.TransactionInput{
		ID: id, Amount: amount, Currency: currency, TargetCurrency: target,
	}, t0.Add(-time.Second))
	if err != nil {
		t.Fatalf("NewTransactionRequested: %v", err)
	}
	return ev
}

// resultFor answers req as the conversions processor would.
func resultFor(req domain.ConversionRequest, status domain.Status, reason domain.Reason) domain.Conversion {
	c := domain.Conversion{
		Schema: domain.SchemaVersion, ID: req.ID, TransactionID: req.TransactionID,
		Status: status, Reason: reason, Amount: req.Amount, From: req.From, To: req.To,
		Fingerprint: req.Fingerprint, RequestedAt: req.RequestedAt, ConvertedAt: t0,
	}
	if status == domain.StatusCompleted {
		c.ConvertedValue, c.Rate, c.RateDate, c.RateSource, c.Rounding = "9.66", "0.92", "2025-01-01", "ecb", domain.RoundingHalfEven
	}
	return c
}

// step is one expected status change.
type step struct {
	Version int64
	Status  domain.Status
	Reason  domain.Reason
}

func historySteps(tx domain.Transaction) []step {
	out := make([]step, len(tx.History))
	for i, c := range tx.History {
		out[i] = step{c.Version, c.Status, c.Reason}
	}
	return out
}

func (r *recorder) Restarted(string) {}
