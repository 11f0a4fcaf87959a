package actors

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

func TestInjectedPanicRestartsOnlyThatActor(t *testing.T) {
	tests := []struct {
		name       string
		point      FaultPoint
		wantEvents int  // produced in all
		wantReplay bool // for the retry
	}{
		{"before produce: the retry produces", BeforeProduce, 1, false},
		{"after the ack: the retry is a replay", AfterAck, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			faults := NewFaultInjector()
			f := newFixture(t, Config{Faults: faults, RestartBackoff: Backoff{Initial: time.Millisecond}})
			other := txEvent(t, "healthy", "1.00")
			if _, err := f.g.SubmitTransaction(context.Background(), other); err != nil {
				t.Fatal(err)
			}
			ev := txEvent(t, "poison", "2.00")
			faults.PanicOnce(KindTransaction, ev.ID, tt.point)
			if _, err := f.g.SubmitTransaction(context.Background(), ev); !errors.Is(err, ErrActorFailed) {
				t.Fatalf("submit that panics: %v; want ErrActorFailed", err)
			}
			sub, err := f.g.SubmitTransaction(context.Background(), ev)
			if err != nil || sub.Replayed != tt.wantReplay {
				t.Fatalf("retry: %+v, %v; want Replayed=%v", sub, err, tt.wantReplay)
			}
			if sub, err := f.g.SubmitTransaction(context.Background(), other); err != nil || !sub.Replayed {
				t.Fatalf("other id after the panic: %+v, %v; want its replay", sub, err)
			}
			if txs, _ := f.prod.produced(); txs != tt.wantEvents+1 {
				t.Fatalf("produced %d events; want %d", txs, tt.wantEvents+1)
			}
			testenv.Eventually(t, 5*time.Second, func() bool {
				return f.obs.get("supervised/transaction/restart/injected") == 1
			}, "one restart reported through the EventStream")
		})
	}
}

// Waiters are facts of the cell: a panic of the actor does not drop them.
func TestWaiterSurvivesRestart(t *testing.T) {
	faults := NewFaultInjector()
	f := newFixture(t, Config{Faults: faults, RestartBackoff: Backoff{Initial: time.Millisecond}})
	ev := txEvent(t, "wait-restart", "2.00")
	done := make(chan *domain.Transaction, 1)
	go func() {
		tx, _ := f.g.Wait(context.Background(), ev.ID)
		done <- tx
	}()
	testenv.Eventually(t, 5*time.Second, func() bool { return posted(f, ev.ID, 1) }, "the wait posted")
	faults.PanicOnce(KindTransaction, ev.ID, BeforeProduce)
	if _, err := f.g.SubmitTransaction(context.Background(), ev); !errors.Is(err, ErrActorFailed) {
		t.Fatalf("submit that panics: %v; want ErrActorFailed", err)
	}
	f.g.Observe(tableTx(ev, domain.StatusFailed, 2))
	select {
	case tx := <-done:
		if tx == nil || tx.Status != domain.StatusFailed {
			t.Fatalf("Wait returned %+v; want failed", tx)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("waiter lost in the restart")
	}
}

func TestBackoffDelay(t *testing.T) {
	b := Backoff{Initial: 10 * time.Millisecond, Max: 50 * time.Millisecond}
	for n, want := range map[int]time.Duration{1: 10 * time.Millisecond, 2: 20 * time.Millisecond, 3: 40 * time.Millisecond, 4: 50 * time.Millisecond, 60: 50 * time.Millisecond} {
		if got := b.delay(n); got != want {
			t.Errorf("delay after %d failures = %s; want %s", n, got, want)
		}
	}
}

func TestReasonLabels(t *testing.T) {
	var nilMap map[string]int
	runtimeErr := func() (r any) {
		defer func() { r = recover() }()
		nilMap["x"] = 1
		return nil
	}()
	tests := []struct {
		name   string
		reason any
		want   string
	}{
		{"injected", injectedPanic{}, "injected"},
		{"runtime error", runtimeErr, "runtime_error"},
		{"error", errors.New("boom"), "error"},
		{"anything else", "boom", "panic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reasonLabel(tt.reason); got != tt.want {
				t.Fatalf("reasonLabel = %q; want %q", got, tt.want)
			}
		})
	}
}
