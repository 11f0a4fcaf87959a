package edge

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/txstream/txstream/domain"
)

// Test doubles of the edge's dependencies. They hold real state (a
// submitted id stays submitted, a conflict is a real fingerprint mismatch)
// so that the HTTP layer is tested against behaviour, not canned answers.

var (
	errConflict    = errors.New("fake: conflict")
	errOverloaded  = errors.New("fake: overloaded")
	errUnavailable = errors.New("fake: kafka unavailable")
	errUnknown     = errors.New("fake: no answer from kafka")
	errBadCursor   = errors.New("fake: bad cursor")
	errTableDown   = errors.New("fake: view not available")
)

// classifyFake is the Classify hook over the fakes' errors, as the
// composition root writes one over the actors' sentinels.
func classifyFake(err error) Code {
	switch {
	case errors.Is(err, errConflict):
		return CodeConflict
	case errors.Is(err, errOverloaded):
		return CodeOverloaded
	case errors.Is(err, errUnavailable):
		return CodeUnavailable
	case errors.Is(err, errUnknown):
		return CodeOutcomeUnknown
	case errors.Is(err, errBadCursor):
		return CodeInvalidCursor
	}
	return ""
}

// fakeTransactions stands in for the actors.
type fakeTransactions struct {
	tables *fakeTables
	calls  atomic.Int64 // submits that reached the fake
	// waiting counts the Wait calls in progress (long polls parked).
	waiting atomic.Int64

	mu      sync.Mutex
	txs     map[string]domain.TransactionRequested
	convs   map[string]domain.ConversionRequest
	err     error         // returned by every submit when set
	block   chan struct{} // when set, submits wait for it (or ctx)
	deaf    bool          // when set, a blocked submit ignores ctx
	entered chan struct{} // receives once per submit that blocks
	done    map[string]chan struct{}
	panicOn string // a submit of this id panics
	// judged answers a new id with the table's record of it, as the
	// actors do with verdicts (actors/verdict.go), without putting it in
	// the fake tables: the view of another process that has not seen it.
	judged bool
}

func newFakeTransactions(tables *fakeTables) *fakeTransactions {
	return &fakeTransactions{
		tables: tables,
		txs:    map[string]domain.TransactionRequested{},
		convs:  map[string]domain.ConversionRequest{},
		done:   map[string]chan struct{}{},
	}
}

// submitted is the number of distinct transaction ids submitted.
func (f *fakeTransactions) submitted() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.txs)
}

func (f *fakeTransactions) setErr(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

// blockSubmits makes submits wait until the returned func is called.
func (f *fakeTransactions) blockSubmits(deaf bool) (release func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.block, f.deaf, f.entered = make(chan struct{}), deaf, make(chan struct{}, 100)
	block := f.block
	var once sync.Once
	return func() { once.Do(func() { close(block) }) }
}

func (f *fakeTransactions) gate(ctx context.Context) error {
	f.mu.Lock()
	block, deaf, entered, err := f.block, f.deaf, f.entered, f.err
	f.mu.Unlock()
	if block != nil {
		entered <- struct{}{}
		if deaf {
			<-block
		} else {
			select {
			case <-block:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return err
}

func (f *fakeTransactions) SubmitTransaction(ctx context.Context, ev domain.TransactionRequested) (domain.Submitted, error) {
	f.calls.Add(1)
	if ev.ID == f.panicOn {
		panic("fake: injected panic for " + ev.ID)
	}
	if err := f.gate(ctx); err != nil {
		return domain.Submitted{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if old, ok := f.txs[ev.ID]; ok {
		if old.Fingerprint != ev.Fingerprint {
			return domain.Submitted{}, errConflict
		}
		tx, _ := f.tables.Transaction(ev.ID)
		return domain.Submitted{Replayed: true, Transaction: tx}, nil
	}
	f.txs[ev.ID] = ev
	if f.judged {
		return domain.Submitted{Transaction: asReceived(ev)}, nil
	}
	return domain.Submitted{}, nil
}

func (f *fakeTransactions) SubmitConversion(ctx context.Context, req domain.ConversionRequest) (domain.Submitted, error) {
	f.calls.Add(1)
	if err := f.gate(ctx); err != nil {
		return domain.Submitted{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if old, ok := f.convs[req.ID]; ok {
		if old.Fingerprint != req.Fingerprint {
			return domain.Submitted{}, errConflict
		}
		return domain.Submitted{Replayed: true}, nil
	}
	f.convs[req.ID] = req
	return domain.Submitted{}, nil
}

// Pending: submitted, and no result in the table yet.
func (f *fakeTransactions) Pending(id string) bool {
	f.mu.Lock()
	_, ok := f.convs[id]
	f.mu.Unlock()
	conv, _ := f.tables.Conversion(id)
	return ok && conv == nil
}

func (f *fakeTransactions) doneChan(id string) chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch, ok := f.done[id]
	if !ok {
		ch = make(chan struct{})
		f.done[id] = ch
	}
	return ch
}

// finish stores the terminal tx and wakes its waiters.
func (f *fakeTransactions) finish(tx domain.Transaction) {
	f.tables.putTransaction(tx)
	close(f.doneChan(tx.ID))
}

func (f *fakeTransactions) Wait(ctx context.Context, id string) (*domain.Transaction, error) {
	f.waiting.Add(1)
	defer f.waiting.Add(-1)
	select {
	case <-f.doneChan(id):
		return f.tables.Transaction(id)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fakeTables stands in for the goka views and the status-log index.
type fakeTables struct {
	txReads atomic.Int64

	mu      sync.Mutex
	txs     map[string]domain.Transaction
	convs   map[string]domain.Conversion
	rates   map[string]domain.Rate
	entries []domain.LogEntry // in time order
	ready   bool
	err     error
	changed notifier // woken by putTransaction
}

func newFakeTables() *fakeTables {
	return &fakeTables{
		txs:   map[string]domain.Transaction{},
		convs: map[string]domain.Conversion{},
		rates: map[string]domain.Rate{},
		ready: true,
	}
}

func (f *fakeTables) setErr(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

func (f *fakeTables) setReady(ready bool) {
	f.mu.Lock()
	f.ready = ready
	f.mu.Unlock()
}

// putTransaction stores tx and appends its newest change to the log.
func (f *fakeTables) putTransaction(tx domain.Transaction) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.txs[tx.ID] = tx
	f.changed.wake()
	for _, ch := range tx.History {
		if ch.Version == tx.Version {
			f.entries = append(f.entries, domain.LogEntry{TransactionID: tx.ID, Status: ch.Status, Reason: ch.Reason, Version: ch.Version, At: ch.At})
		}
	}
}

func (f *fakeTables) putConversion(c domain.Conversion) {
	f.mu.Lock()
	f.convs[c.ID] = c
	f.mu.Unlock()
}

func (f *fakeTables) putRate(r domain.Rate) {
	f.mu.Lock()
	f.rates[r.Currency] = r
	f.mu.Unlock()
}

func (f *fakeTables) Transaction(id string) (*domain.Transaction, error) {
	f.txReads.Add(1)
	return get(f, f.txs, id)
}

func (f *fakeTables) Conversion(id string) (*domain.Conversion, error) {
	return get(f, f.convs, id)
}

// get reads key of one of f's maps: a copy, nil when absent, or f's error.
func get[T any](f *fakeTables, m map[string]T, key string) (*T, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	v, ok := m[key]
	if !ok {
		return nil, nil
	}
	return &v, nil
}

func (f *fakeTables) Rates() ([]domain.Rate, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	out := make([]domain.Rate, 0, len(f.rates))
	for _, r := range f.rates {
		out = append(out, r)
	}
	return out, nil
}

func (f *fakeTables) Rate(code string) (*domain.Rate, error) {
	return get(f, f.rates, code)
}

// Log filters the entries and pages them; the cursor is the index of the
// first entry of the next page.
func (f *fakeTables) Log(q domain.LogQuery) (domain.LogPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return domain.LogPage{}, f.err
	}
	start := 0
	if q.Cursor != "" {
		n, err := strconv.Atoi(q.Cursor)
		if err != nil || n < 0 || n > len(f.entries) {
			return domain.LogPage{}, errBadCursor
		}
		start = n
	}
	entries := f.entries
	if q.Newest {
		entries = slices.Clone(entries)
		slices.Reverse(entries)
	}
	var page domain.LogPage
	for i := start; i < len(entries); i++ {
		e := entries[i]
		if !logMatches(q, e) {
			continue
		}
		if len(page.Entries) == q.Limit {
			page.Next = strconv.Itoa(i)
			break
		}
		page.Entries = append(page.Entries, e)
	}
	return page, nil
}

func logMatches(q domain.LogQuery, e domain.LogEntry) bool {
	return (q.Status == "" || e.Status == q.Status) &&
		(q.From.IsZero() || !e.At.Before(q.From)) &&
		(q.To.IsZero() || e.At.Before(q.To))
}

func (f *fakeTables) History(id string) (*domain.StatusLog, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	tx, ok := f.txs[id]
	if !ok {
		return nil, nil
	}
	h := append([]domain.StatusChange(nil), tx.History...)
	sort.Slice(h, func(i, j int) bool { return h[i].Version < h[j].Version })
	return &domain.StatusLog{Schema: domain.SchemaVersion, TransactionID: id, Entries: h}, nil
}

func (f *fakeTables) Ready() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ready
}

// fakeRates records the rates set and can fail.
type fakeRates struct {
	mu  sync.Mutex
	set []domain.Rate
	err error
}

func (f *fakeRates) SetRate(_ context.Context, r domain.Rate) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	f.set = append(f.set, r)
	return nil
}

func (f *fakeRates) all() []domain.Rate {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]domain.Rate(nil), f.set...)
}

// recordingObserver counts what the Observer is told.
type recordingObserver struct {
	mu         sync.Mutex
	requests   map[string]int // "service method route status"
	inFlight   map[Service]int
	overloaded int
	denied     map[string]int // "service reason"
	batches    []BatchCounts
}

func newRecordingObserver() *recordingObserver {
	return &recordingObserver{requests: map[string]int{}, inFlight: map[Service]int{}, denied: map[string]int{}}
}

func (o *recordingObserver) Request(s Service, method, route string, status int, _ time.Duration) {
	o.mu.Lock()
	o.requests[string(s)+" "+method+" "+route+" "+strconv.Itoa(status)]++
	o.mu.Unlock()
}

func (o *recordingObserver) InFlight(s Service, delta int) {
	o.mu.Lock()
	o.inFlight[s] += delta
	o.mu.Unlock()
}

func (o *recordingObserver) Overloaded(Service, string) {
	o.mu.Lock()
	o.overloaded++
	o.mu.Unlock()
}

func (o *recordingObserver) requestCount(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.requests[key]
}

func (o *recordingObserver) routes() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make(map[string]int, len(o.requests))
	for k, v := range o.requests {
		out[k] = v
	}
	return out
}

func (o *recordingObserver) overloadedCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.overloaded
}

func (o *recordingObserver) Batch(_ Service, n BatchCounts) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.batches = append(o.batches, n)
}

func (o *recordingObserver) Denied(s Service, reason DenyReason) {
	o.mu.Lock()
	o.denied[string(s)+" "+string(reason)]++
	o.mu.Unlock()
}

func (o *recordingObserver) deniedCount(s Service, reason DenyReason) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.denied[string(s)+" "+string(reason)]
}
