package actors

import (
	"context"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// WaitNewer is woken by a change that is not terminal, which a Wait
// parked beside it sleeps through.
func TestWaitNewerWakesOnAnyNewerVersion(t *testing.T) {
	f := newFixture(t, Config{})
	ev := txEvent(t, "watch-1", "7.00")
	f.lookup.setTx(tableTx(ev, domain.StatusReceived, 1))
	newer := make(chan *domain.Transaction, 1)
	go func() {
		tx, err := f.g.WaitNewer(context.Background(), ev.ID, 1)
		if err != nil {
			t.Errorf("WaitNewer: %v", err)
		}
		newer <- tx
	}()
	terminal := make(chan *domain.Transaction, 1)
	go func() {
		tx, _ := f.g.Wait(context.Background(), ev.ID)
		terminal <- tx
	}()
	testenv.Eventually(t, 5*time.Second, func() bool { return posted(f, ev.ID, 2) }, "both waits posted")
	converting := tableTx(ev, domain.StatusConverting, 2)
	f.lookup.setTx(converting)
	f.g.Observe(converting)
	select {
	case tx := <-newer:
		if tx == nil || tx.Version != 2 || tx.Status != domain.StatusConverting {
			t.Fatalf("WaitNewer returned %+v; want converting version 2", tx)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("WaitNewer not answered on a newer version")
	}
	select {
	case tx := <-terminal:
		t.Fatalf("Wait answered %+v on a change that is not terminal", tx)
	default:
	}
	done := tableTx(ev, domain.StatusCompleted, 3)
	f.lookup.setTx(done)
	f.g.Observe(done)
	select {
	case tx := <-terminal:
		if tx == nil || tx.Status != domain.StatusCompleted {
			t.Fatalf("Wait returned %+v; want completed", tx)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Wait not answered on the terminal change")
	}
}

// A version the caller has not seen yet is answered from the table at
// once, without parking: nothing between two WaitNewer calls is missed.
func TestWaitNewerAnswersAKnownNewerVersionAtOnce(t *testing.T) {
	f := newFixture(t, Config{})
	ev := txEvent(t, "watch-2", "7.00")
	f.lookup.setTx(tableTx(ev, domain.StatusConverting, 2))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	tx, err := f.g.WaitNewer(ctx, ev.ID, 1)
	if err != nil || tx == nil || tx.Version != 2 {
		t.Fatalf("WaitNewer after version 1: %+v, %v; want version 2 at once", tx, err)
	}
	short, stop := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer stop()
	tx, err = f.g.WaitNewer(short, ev.ID, 2)
	if err != nil || tx == nil || tx.Version != 2 || short.Err() == nil {
		t.Fatalf("WaitNewer after version 2: %+v, %v; want version 2 at the deadline", tx, err)
	}
}
