package actors

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

func TestIdleActorsPassivate(t *testing.T) {
	const n = 10
	f := newFixture(t, Config{IdleTimeout: 20 * time.Millisecond})
	for i := range n {
		ev := txEvent(t, fmt.Sprintf("idle-%d", i), "1.00")
		if _, err := f.g.SubmitTransaction(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
		f.g.Observe(tableTx(ev, domain.StatusReceived, 1)) // the table caught up
	}
	if f.g.Live() != n {
		t.Fatalf("%d live actors; want %d", f.g.Live(), n)
	}
	testenv.Eventually(t, 5*time.Second, func() bool { return f.g.Live() == 0 }, "every idle actor stops")
	if got := f.obs.get("passivated/transaction"); got != n {
		t.Fatalf("observer counted %d passivations; want %d", got, n)
	}
}

// After passivation the next actor reads the table, so a replay is still a
// replay and another body still a conflict, with nothing produced again.
func TestReplayAndConflictAfterPassivationComeFromTheTable(t *testing.T) {
	f := newFixture(t, Config{IdleTimeout: 20 * time.Millisecond})
	ev := txEvent(t, "table-1", "4.00")
	if _, err := f.g.SubmitTransaction(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	f.lookup.setTx(tableTx(ev, domain.StatusCompleted, 2)) // the processor's work, no Observe
	testenv.Eventually(t, 5*time.Second, func() bool { return f.g.Live() == 0 }, "the actor passivates")

	sub, err := f.g.SubmitTransaction(context.Background(), ev)
	if err != nil || !sub.Replayed || sub.Transaction == nil || sub.Transaction.Status != domain.StatusCompleted {
		t.Fatalf("replay after passivation: %+v, %v; want a replay with the table's state", sub, err)
	}
	_, err = f.g.SubmitTransaction(context.Background(), txEvent(t, "table-1", "4.01"))
	var conflict *ConflictError
	if !errors.As(err, &conflict) || conflict.Transaction == nil || conflict.Transaction.Fingerprint != ev.Fingerprint {
		t.Fatalf("other body after passivation: %v; want a conflict carrying the original", err)
	}
	if txs, _ := f.prod.produced(); txs != 1 {
		t.Fatalf("produced %d events; want 1", txs)
	}
}

// An actor whose acknowledged event the table has not shown stays alive (and
// answers replays from memory) until PendingRetention.
func TestActorAwaitingTheTableOutlivesIdleTimeout(t *testing.T) {
	f := newFixture(t, Config{IdleTimeout: 10 * time.Millisecond, PendingRetention: 300 * time.Millisecond})
	ev := txEvent(t, "lag-1", "4.00")
	if _, err := f.g.SubmitTransaction(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	acked := time.Now()
	testenv.Eventually(t, 5*time.Second, func() bool { return f.g.Live() == 0 }, "the actor passivates after the retention")
	if held := time.Since(acked); held < 300*time.Millisecond {
		t.Fatalf("actor passivated %s after the ack; want at least the retention", held)
	}
}

func TestPassivatedConversionIsNoLongerPending(t *testing.T) {
	f := newFixture(t, Config{IdleTimeout: 10 * time.Millisecond, PendingRetention: 30 * time.Millisecond})
	req := convRequest(t, "conv-lag", "1.00")
	if _, err := f.g.SubmitConversion(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 5*time.Second, func() bool { return f.g.Live() == 0 }, "the conversion actor passivates")
	if f.g.Pending(req.ID) {
		t.Fatal("Pending after the actor is gone")
	}
}
