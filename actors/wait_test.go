package actors

import (
	"context"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// posted reports whether the gateway has posted n messages to id's actor:
// a message observed after that is handled after them. (The waiters slice
// belongs to the actor's goroutine, so the test does not read it.)
func posted(f *fixture, id string, n uint64) bool {
	return f.g.sentTo(f.g.txs, id) == n
}

func TestWaitAnsweredOnTerminalObservation(t *testing.T) {
	f := newFixture(t, Config{})
	ev := txEvent(t, "wait-1", "7.00")
	if _, err := f.g.SubmitTransaction(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	done := make(chan *domain.Transaction, 1)
	go func() {
		tx, err := f.g.Wait(context.Background(), ev.ID)
		if err != nil {
			t.Errorf("Wait: %v", err)
		}
		done <- tx
	}()
	testenv.Eventually(t, 5*time.Second, func() bool { return posted(f, ev.ID, 2) }, "the submit and the wait posted")
	f.g.Observe(tableTx(ev, domain.StatusReceived, 1))
	f.lookup.setTx(tableTx(ev, domain.StatusCompleted, 2))
	f.g.Observe(tableTx(ev, domain.StatusCompleted, 2))
	select {
	case tx := <-done:
		if tx == nil || tx.Status != domain.StatusCompleted || tx.Version != 2 {
			t.Fatalf("Wait returned %+v; want completed version 2", tx)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait not answered after the terminal observation")
	}
}

func TestWaitAnsweredAtDeadlineWithLatestState(t *testing.T) {
	f := newFixture(t, Config{})
	ev := txEvent(t, "wait-2", "7.00")
	f.lookup.setTx(tableTx(ev, domain.StatusConverting, 2))
	start := time.Now() // before the deadline is set, so that it bounds elapsed
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	tx, err := f.g.Wait(ctx, ev.ID)
	if err != nil || tx == nil || tx.Status != domain.StatusConverting {
		t.Fatalf("Wait: %+v, %v; want the converting state, no error", tx, err)
	}
	if elapsed := time.Since(start); elapsed < 50*time.Millisecond {
		t.Fatalf("Wait returned after %s, before its deadline", elapsed)
	}
	// The withdrawn waiter does not keep the actor alive.
	testenv.Eventually(t, 5*time.Second, func() bool {
		c := f.g.txs.lookup(ev.ID)
		return c == nil || f.g.sentTo(f.g.txs, ev.ID) == 2
	}, "the cancel reaches the actor")
}

func TestWaitUnknownIDAtDeadlineIsNil(t *testing.T) {
	f := newFixture(t, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if tx, err := f.g.Wait(ctx, "nobody"); tx != nil || err != nil {
		t.Fatalf("Wait on an unknown id: %+v, %v; want nil, nil", tx, err)
	}
}

func TestWaitOnTerminalNeedsNoActor(t *testing.T) {
	f := newFixture(t, Config{})
	ev := txEvent(t, "wait-3", "7.00")
	f.lookup.setTx(tableTx(ev, domain.StatusFailed, 2))
	tx, err := f.g.Wait(context.Background(), ev.ID)
	if err != nil || tx == nil || tx.Status != domain.StatusFailed {
		t.Fatalf("Wait: %+v, %v; want failed at once", tx, err)
	}
	if f.g.Live() != 0 {
		t.Fatalf("%d live actors; want none", f.g.Live())
	}
}

func TestObserveWithoutActorIsNoop(t *testing.T) {
	f := newFixture(t, Config{})
	f.g.Observe(tableTx(txEvent(t, "ghost", "1.00"), domain.StatusCompleted, 2))
	f.g.ObserveConversion(domain.Conversion{ID: "ghost"})
	if f.g.Live() != 0 {
		t.Fatalf("%d live actors after Observe; want none", f.g.Live())
	}
}

// A Wait parked before its Observe was missed still ends: the idle tick
// re-reads the table.
func TestWaitCatchesUpFromTheTable(t *testing.T) {
	f := newFixture(t, Config{IdleTimeout: 20 * time.Millisecond})
	ev := txEvent(t, "wait-4", "7.00")
	done := make(chan *domain.Transaction, 1)
	go func() {
		tx, _ := f.g.Wait(context.Background(), ev.ID)
		done <- tx
	}()
	testenv.Eventually(t, 5*time.Second, func() bool { return posted(f, ev.ID, 1) }, "the wait posted")
	f.lookup.setTx(tableTx(ev, domain.StatusCompleted, 2)) // no Observe
	select {
	case tx := <-done:
		if tx == nil || tx.Status != domain.StatusCompleted {
			t.Fatalf("Wait returned %+v; want completed", tx)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait not answered from the table")
	}
}

func TestPendingConversion(t *testing.T) {
	f := newFixture(t, Config{})
	req := convRequest(t, "conv-1", "10.00")
	if f.g.Pending(req.ID) {
		t.Fatal("Pending before any submit")
	}
	if _, err := f.g.SubmitConversion(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if !f.g.Pending(req.ID) {
		t.Fatal("not Pending after the ack")
	}
	result := domain.Conversion{ID: req.ID, Status: domain.StatusCompleted, Fingerprint: req.Fingerprint, ConvertedValue: "9.10"}
	f.lookup.setConv(result)
	f.g.ObserveConversion(result)
	testenv.Eventually(t, 5*time.Second, func() bool { return !f.g.Pending(req.ID) }, "Pending turns false on the result")
	sub, err := f.g.SubmitConversion(context.Background(), req)
	if err != nil || !sub.Replayed || sub.Conversion == nil || sub.Conversion.ConvertedValue != "9.10" {
		t.Fatalf("replay: %+v, %v; want a replay carrying the result", sub, err)
	}
}
