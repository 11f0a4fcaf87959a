package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/pipeline"
)

const driven = 10_000

// testRates are the rates of the test, per EUR. ISK is deliberately absent.
var testRates = map[string]string{
	"USD": "1.0856", "GBP": "0.8541", "JPY": "162.87", "CHF": "0.9412", "KWD": "0.33419", "SEK": "11.4585",
}

// TestPipelineExact drives 10,000 transactions with mixed currencies through
// all processors on a real Kafka-protocol broker over TCP and checks every
// table's final content exactly.
func TestPipelineExact(t *testing.T) {
	h := newHarness(t)
	run := h.start(t)
	h.drive(t, 0, driven)
	h.waitTerminal(t, driven)
	run.stop(t)
	h.verify(t)
}

// TestPipelineRestart stops the processors in the middle of the stream and
// starts new ones: tables recover from Kafka, and processing goes on with
// nothing lost and nothing applied twice.
func TestPipelineRestart(t *testing.T) {
	h := newHarness(t)
	first := h.start(t)
	h.reserve(driven)
	produced := make(chan error, 1)
	go func() { produced <- h.produce(0, driven) }()
	h.waitTerminal(t, driven/5) // processing is under way while the producer goes on
	t.Logf("stopping with %d of %d transactions terminal", h.countTerminal(driven), driven)
	first.stop(t)
	second := h.start(t)
	if err := <-produced; err != nil {
		t.Fatal(err)
	}
	h.waitTerminal(t, driven)
	second.stop(t)
	h.verify(t)
}

type harness struct {
	cfg      streams.Config
	producer *streams.Producer
	txs      *streams.TableView[domain.Transaction]
	convs    *streams.TableView[domain.Conversion]
	logs     *streams.TableView[domain.StatusLog]
	expected []expectation
}

type expectation struct {
	id       string
	statuses []domain.Status
	reason   domain.Reason
	quote    *domain.Quote
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOn(t, testenv.StreamsConfig(t, 4))
}

// newHarnessOn is newHarness with cfg's brokers, names and security.
func newHarnessOn(t *testing.T, cfg streams.Config) *harness {
	t.Helper()
	if err := streams.EnsureTopics(cfg); err != nil {
		t.Fatalf("ensure topics: %v", err)
	}
	p, err := streams.NewProducer(cfg)
	if err != nil {
		t.Fatalf("producer: %v", err)
	}
	t.Cleanup(func() { _ = p.Close() })
	h := &harness{cfg: cfg, producer: p}
	h.publishRates(t)
	return h
}

func (h *harness) publishRates(t *testing.T) {
	t.Helper()
	for code, value := range testRates {
		r, err := domain.NewRate(code, value, "2026-11-20", "test", time.Now())
		if err != nil {
			t.Fatalf("rate %s: %v", code, err)
		}
		if err := h.producer.SetRate(context.Background(), r); err != nil {
			t.Fatalf("publish rate %s: %v", code, err)
		}
	}
}

// running is one generation of processors and views.
type running struct {
	cancel context.CancelFunc
	group  *errgroup.Group
}

func (r *running) stop(t *testing.T) {
	t.Helper()
	r.cancel()
	if err := r.group.Wait(); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("processors stopped with: %v", err)
	}
}

// start runs a fresh pipeline and fresh views, as a restarted process would,
// and waits until the conversions processor sees every rate.
func (h *harness) start(t *testing.T) *running {
	t.Helper()
	p, err := pipeline.New(h.cfg, pipeline.Options{})
	if err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	h.txs = mustView[domain.Transaction](t, h.cfg, h.cfg.Groups.Transactions)
	h.convs = mustView[domain.Conversion](t, h.cfg, h.cfg.Groups.Conversions)
	h.logs = mustView[domain.StatusLog](t, h.cfg, h.cfg.Groups.StatusLog)
	ctx, cancel := context.WithCancel(context.Background())
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return p.Run(gctx) })
	g.Go(func() error { return h.txs.Run(gctx) })
	g.Go(func() error { return h.convs.Run(gctx) })
	g.Go(func() error { return h.logs.Run(gctx) })
	r := &running{cancel: cancel, group: g}
	t.Cleanup(func() { cancel(); _ = g.Wait() })
	testenv.Eventually(t, 60*time.Second, func() bool {
		return p.Recovered() && h.txs.Recovered() && h.convs.Recovered() && h.logs.Recovered()
	}, "processors and views recovered")
	h.canaries(t)
	return r
}

func mustView[T any](t *testing.T, cfg streams.Config, group string) *streams.TableView[T] {
	t.Helper()
	v, err := streams.NewTableView[T](cfg, group, nil)
	if err != nil {
		t.Fatalf("view %s: %v", group, err)
	}
	return v
}

// canaries converts EUR into every currency and waits for the results, so
// that the conversions processor's rates lookup has caught up before the
// measured stream starts. The rates were published before the processors
// started, but the rates processor applies them asynchronously: a canary
// that fails no_rate is retried under a fresh id (ids are never reused).
func (h *harness) canaries(t *testing.T) {
	t.Helper()
	for code := range testRates {
		testenv.Eventually(t, 60*time.Second, func() bool { return h.canary(t, code) },
			"a canary conversion EUR->%s completed", code)
	}
}

func (h *harness) canary(t *testing.T, code string) bool {
	t.Helper()
	id := testenv.Name(t, "canary-"+code)
	req, err := domain.NewConversionRequest(domain.ConversionInput{ID: id, Amount: "1.00", From: "EUR", To: code}, time.Now())
	if err != nil {
		t.Fatalf("canary: %v", err)
	}
	if err := h.producer.ProduceConversion(context.Background(), req); err != nil {
		t.Fatalf("canary %s: %v", code, err)
	}
	var result *domain.Conversion
	testenv.Eventually(t, 30*time.Second, func() bool {
		result, err = h.convs.Get(id)
		return err == nil && result != nil
	}, "canary %s answered", id)
	return result.Status == domain.StatusCompleted
}

// mix returns the i-th transaction of the stream and what must become of it.
func mix(i int) (domain.TransactionRequested, expectation) {
	id := fmt.Sprintf("tx-%06d", i)
	cents := fmt.Sprintf("%d.%02d", 1+i%997, i%100)
	in := domain.TransactionInput{ID: id, Amount: cents, Currency: "USD"}
	switch i % 8 {
	case 1:
		in.TargetCurrency = "EUR"
	case 2:
		in.Currency, in.TargetCurrency = "EUR", "JPY"
	case 3:
		in.Currency, in.TargetCurrency = "GBP", "USD"
	case 4:
		in.Amount, in.Currency, in.TargetCurrency = fmt.Sprint(1+i%99991), "JPY", "KWD"
	case 5:
		in.Currency, in.TargetCurrency = "CHF", "CHF"
	case 6:
		in.TargetCurrency = "ISK" // no rate
	case 7:
		in.Currency = "SEK"
		in.TargetCurrency = "GBP"
	}
	ev, err := domain.NewTransactionRequested(in, time.Now())
	if err != nil {
		panic(fmt.Sprintf("test mix %d: %v", i, err))
	}
	return ev, expect(ev)
}

func expect(ev domain.TransactionRequested) expectation {
	e := expectation{id: ev.ID}
	if !ev.NeedsConversion() {
		e.statuses = []domain.Status{domain.StatusReceived, domain.StatusCompleted}
		return e
	}
	e.statuses = []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted}
	q, err := domain.Convert(ev.Amount, ev.Currency, ev.TargetCurrency, lookupTestRate)
	if err != nil {
		e.statuses[2] = domain.StatusFailed
		e.reason = domain.ReasonFor(err)
		return e
	}
	e.quote = &q
	return e
}

func lookupTestRate(code string) (domain.Rate, bool) {
	v, ok := testRates[code]
	return domain.Rate{Currency: code, Base: domain.BaseCurrency, Rate: v, Date: "2026-11-20", Source: "test"}, ok
}

// drive produces transactions [from, to) and fails the test on an error.
func (h *harness) drive(t *testing.T, from, to int) {
	t.Helper()
	h.reserve(to)
	if err := h.produce(from, to); err != nil {
		t.Fatal(err)
	}
}

func (h *harness) reserve(n int) {
	if len(h.expected) < n {
		h.expected = append(h.expected, make([]expectation, n-len(h.expected))...)
	}
}

// produce writes transactions [from, to) with 32 concurrent producers, each
// waiting for Kafka's acknowledgement as the edge does.
func (h *harness) produce(from, to int) error {
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	next := make(chan int)
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ev, e := mix(i)
				h.expected[i] = e
				if err := h.producer.ProduceTransaction(context.Background(), ev); err != nil {
					select { // keep the first errors, keep draining
					case errs <- fmt.Errorf("produce %s: %w", ev.ID, err):
					default:
					}
				}
			}
		}()
	}
	for i := from; i < to; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	return <-errs
}

// waitTerminal waits until the first n transactions are terminal. Terminal
// is final, so the scan resumes where it stopped.
func (h *harness) waitTerminal(t *testing.T, n int) {
	t.Helper()
	done := 0
	testenv.Eventually(t, 5*time.Minute, func() bool {
		for done < n {
			tx, err := h.txs.Get(fmt.Sprintf("tx-%06d", done))
			if err != nil || tx == nil || !tx.Status.Terminal() {
				return false
			}
			done++
		}
		return true
	}, "%d transactions terminal", n)
}

func (h *harness) countTerminal(n int) int {
	count := 0
	for i := range n {
		if tx, err := h.txs.Get(fmt.Sprintf("tx-%06d", i)); err == nil && tx != nil && tx.Status.Terminal() {
			count++
		}
	}
	return count
}

// verify checks every table exactly. The status-log table lags the
// transactions table by one hop, so it is polled until complete.
func (h *harness) verify(t *testing.T) {
	t.Helper()
	r := h.start(t) // fresh views recovered from the table topics alone
	defer r.stop(t)
	for _, e := range h.expected {
		h.verifyTransaction(t, e)
		h.verifyConversion(t, e)
		testenv.Eventually(t, time.Minute, func() bool { return h.logComplete(e) }, "status log of %s complete", e.id)
		h.verifyLog(t, e)
	}
}

func (h *harness) verifyTransaction(t *testing.T, e expectation) {
	t.Helper()
	tx, err := h.txs.Get(e.id)
	if err != nil || tx == nil {
		t.Fatalf("%s: lost (err %v)", e.id, err)
	}
	if tx.Version != int64(len(e.statuses)) || tx.Status != e.statuses[len(e.statuses)-1] || tx.Reason != e.reason {
		t.Fatalf("%s: got %s/%s version %d, want %s/%s version %d", e.id, tx.Status, tx.Reason, tx.Version,
			e.statuses[len(e.statuses)-1], e.reason, len(e.statuses))
	}
	if got := statusesOf(tx.History); !slices.Equal(got, e.statuses) {
		t.Fatalf("%s: history %v, want %v", e.id, got, e.statuses)
	}
	if tx.Conflicts != 0 {
		t.Fatalf("%s: %d conflicts recorded for a stream without any", e.id, tx.Conflicts)
	}
	if e.quote != nil && (tx.Conversion == nil || tx.Conversion.ConvertedValue != e.quote.ConvertedValue) {
		t.Fatalf("%s: conversion %+v, want value %s", e.id, tx.Conversion, e.quote.ConvertedValue)
	}
}

func (h *harness) verifyConversion(t *testing.T, e expectation) {
	t.Helper()
	c, err := h.convs.Get(e.id)
	if err != nil {
		t.Fatalf("%s: conversion: %v", e.id, err)
	}
	switch {
	case len(e.statuses) == 2 && c != nil:
		t.Fatalf("%s: conversion %+v for a transaction that needs none", e.id, c)
	case len(e.statuses) == 3 && c == nil:
		t.Fatalf("%s: conversion lost", e.id)
	case e.quote != nil && (c.Status != domain.StatusCompleted || c.ConvertedValue != e.quote.ConvertedValue ||
		c.Rate != e.quote.Rate || c.RateDate != e.quote.RateDate || c.Rounding != domain.RoundingHalfEven):
		t.Fatalf("%s: conversion %+v, want %+v", e.id, c, e.quote)
	case len(e.statuses) == 3 && e.quote == nil && (c.Status != domain.StatusFailed || c.Reason != e.reason):
		t.Fatalf("%s: conversion %s/%s, want failed/%s", e.id, c.Status, c.Reason, e.reason)
	}
}

func (h *harness) logComplete(e expectation) bool {
	l, err := h.logs.Get(e.id)
	return err == nil && l != nil && len(l.Entries) >= len(e.statuses)
}

func (h *harness) verifyLog(t *testing.T, e expectation) {
	t.Helper()
	l, _ := h.logs.Get(e.id)
	if got := statusesOf(l.Entries); !slices.Equal(got, e.statuses) {
		t.Fatalf("%s: status log %v, want %v", e.id, got, e.statuses)
	}
	for i, entry := range l.Entries {
		if entry.Version != int64(i+1) {
			t.Fatalf("%s: status log entry %d has version %d", e.id, i, entry.Version)
		}
		if i > 0 && entry.At.Before(l.Entries[i-1].At) {
			t.Fatalf("%s: status log out of time order at %d", e.id, i)
		}
	}
}

func statusesOf(changes []domain.StatusChange) []domain.Status {
	out := make([]domain.Status, len(changes))
	for i, c := range changes {
		out[i] = c.Status
	}
	return out
}
