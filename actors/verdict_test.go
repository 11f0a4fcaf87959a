package actors

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// singleWriter stands in for the transactions processor behind several
// processes' gateways: each produce goes to its state, where the first
// body of an id wins, and from there to the table that every gateway
// reads, each of which observes the change, as each process's view
// would. Produces are held until the gate opens; while lagging, the
// changes reach the table only at catchUp.
type singleWriter struct {
	*memProducer
	table    *memLookup
	gateways []*Gateway
	obs      *recObserver // what every gateway reported

	mu      sync.Mutex
	state   map[string]domain.Transaction
	lagging bool
	late    []domain.Transaction
}

func (w *singleWriter) ProduceTransaction(ctx context.Context, ev domain.TransactionRequested) error {
	if err := w.memProducer.ProduceTransaction(ctx, ev); err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	tx, ok := w.state[ev.ID]
	if !ok {
		tx = tableTx(ev, domain.StatusReceived, 1)
	} else {
		tx.Version++ // the conflict counter's write
	}
	w.state[ev.ID] = tx
	if w.lagging {
		w.late = append(w.late, tx)
		return nil
	}
	w.publish(tx)
	return nil
}

// publish shows tx in the table and tells every gateway.
func (w *singleWriter) publish(tx domain.Transaction) {
	w.table.setTx(tx)
	for _, g := range w.gateways {
		g.Observe(tx)
	}
}

// lag holds the table's changes until catchUp.
func (w *singleWriter) lag() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lagging = true
}

// catchUp shows the held changes and stops lagging.
func (w *singleWriter) catchUp() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, tx := range w.late {
		w.publish(tx)
	}
	w.late, w.lagging = nil, false
}

// requireProduced fails the test unless n transactions were produced.
func (w *singleWriter) requireProduced(t *testing.T, n int) {
	t.Helper()
	if txs, _ := w.produced(); txs != n {
		t.Errorf("produced %d transactions, want %d", txs, n)
	}
}

// judgedGateways are n gateways with verdicts over one single writer, as
// in n processes.
func judgedGateways(t *testing.T, n int, cfg Config) ([]*Gateway, *singleWriter) {
	t.Helper()
	if cfg.VerdictTimeout == 0 {
		cfg.VerdictTimeout = time.Minute
	}
	w := &singleWriter{memProducer: &memProducer{}, table: newMemLookup(), obs: newRecObserver(), state: map[string]domain.Transaction{}}
	for range n {
		g, err := New(quietSystem(), cfg, w, w.table, w.obs)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_ = g.Run(ctx)
		})
		w.gateways = append(w.gateways, g)
	}
	return w.gateways, w
}

type submitted struct {
	sub domain.Submitted
	err error
}

// producedLater submits ev to g on a goroutine of its own and returns
// once the writer took the first produce, the submit's answer to come.
func producedLater(t *testing.T, w *singleWriter, g *Gateway, ev domain.TransactionRequested) <-chan submitted {
	t.Helper()
	ch := make(chan submitted, 1)
	go func() {
		sub, err := g.SubmitTransaction(context.Background(), ev)
		ch <- submitted{sub, err}
	}()
	testenv.Eventually(t, 5*time.Second, func() bool { txs, _ := w.produced(); return txs == 1 }, "produced")
	return ch
}

// TestOneVerdictAcrossGateways: each id sent at the same moment with a
// different body to each of two gateways (two processes) gets exactly one
// success, whose body the table holds, and one conflict.
func TestOneVerdictAcrossGateways(t *testing.T) {
	gws, w := judgedGateways(t, 2, Config{})
	for i := range 20 {
		id := fmt.Sprintf("both-%d", i)
		open := w.hold()
		results := make([]chan submitted, len(gws))
		for p, g := range gws {
			results[p] = make(chan submitted, 1)
			ev := txEvent(t, id, fmt.Sprintf("%d.00", p+1))
			go func() {
				sub, err := g.SubmitTransaction(context.Background(), ev)
				results[p] <- submitted{sub, err}
			}()
		}
		testenv.Eventually(t, 5*time.Second, func() bool { return w.entered.Load() == int64(2*(i+1)) }, "both produces in progress")
		open()
		var won []string
		for p := range gws {
			r := <-results[p]
			switch {
			case r.err == nil && !r.sub.Replayed:
				won = append(won, r.sub.Transaction.Amount)
			case !errors.Is(r.err, ErrConflict):
				t.Fatalf("%s: gateway %d: %+v, %v; want a success or a conflict", id, p, r.sub, r.err)
			}
		}
		tx, _ := w.table.Transaction(id)
		if len(won) != 1 || won[0] != tx.Amount {
			t.Fatalf("%s: successes with amounts %v, table %s; want exactly the table's", id, won, tx.Amount)
		}
	}
	if won, lost := w.obs.get("judged/"+VerdictWon), w.obs.get("judged/"+VerdictLost); won != 20 || lost != 20 {
		t.Errorf("verdicts reported: %d won, %d lost; want 20 each", won, lost)
	}
}

// TestVerdictReplaysAndCoalesces: identical submits queued behind the
// produce wait for its verdict and are its replays; after the verdict the
// same body is a replay and another a conflict, at once, from the table.
func TestVerdictReplaysAndCoalesces(t *testing.T) {
	const n = 20
	gws, w := judgedGateways(t, 1, Config{})
	g := gws[0]
	open := w.hold()
	ev := txEvent(t, "coalesce", "10.00")
	results := make(chan submitted, n)
	for range n {
		go func() {
			sub, err := g.SubmitTransaction(context.Background(), ev)
			results <- submitted{sub, err}
		}()
	}
	testenv.Eventually(t, 5*time.Second, func() bool {
		return w.entered.Load() == 1 && g.sentTo(g.txs, ev.ID) == n
	}, "one produce in progress and %d submits queued", n)
	open()
	fresh := 0
	for range n {
		r := <-results
		if r.err != nil || r.sub.Transaction == nil {
			t.Fatalf("submit: %+v, %v", r.sub, r.err)
		}
		if !r.sub.Replayed {
			fresh++
		}
	}
	if txs, _ := w.produced(); txs != 1 || fresh != 1 {
		t.Fatalf("produced %d, %d fresh answers; want 1 and 1", txs, fresh)
	}
	if sub, err := g.SubmitTransaction(context.Background(), ev); err != nil || !sub.Replayed {
		t.Errorf("same body after the verdict: %+v, %v; want a replay", sub, err)
	}
	if _, err := g.SubmitTransaction(context.Background(), txEvent(t, "coalesce", "11.00")); !errors.Is(err, ErrConflict) {
		t.Errorf("other body after the verdict: %v, want a conflict", err)
	}
	w.requireProduced(t, 1) // replays and conflicts produce nothing
}

// TestOtherBodyBehindAPendingVerdictConflicts: a body acknowledged first
// wins over one sent after it, so the second is a conflict without a
// produce, even before the table shows the first.
func TestOtherBodyBehindAPendingVerdictConflicts(t *testing.T) {
	gws, w := judgedGateways(t, 1, Config{})
	w.lag()
	first := producedLater(t, w, gws[0], txEvent(t, "pending", "1.00"))
	if _, err := gws[0].SubmitTransaction(context.Background(), txEvent(t, "pending", "2.00")); !errors.Is(err, ErrConflict) {
		t.Fatalf("other body behind a pending verdict: %v, want a conflict", err)
	}
	w.catchUp()
	if r := <-first; r.err != nil || r.sub.Replayed {
		t.Fatalf("first: %+v, %v; want a success", r.sub, r.err)
	}
	w.requireProduced(t, 1)
}

// TestNoVerdictInTimeIsOutcomeUnknown: a table that does not show the id
// within VerdictTimeout makes the submit outcome unknown; the retry, once
// the table shows it, is a replay.
func TestNoVerdictInTimeIsOutcomeUnknown(t *testing.T) {
	gws, w := judgedGateways(t, 1, Config{VerdictTimeout: 50 * time.Millisecond})
	w.lag()
	ev := txEvent(t, "lagging", "1.00")
	_, err := gws[0].SubmitTransaction(context.Background(), ev)
	if !errors.Is(err, ErrOutcomeUnknown) || !errors.Is(err, ErrNoVerdict) {
		t.Fatalf("submit with a lagging table: %v, want ErrNoVerdict and ErrOutcomeUnknown", err)
	}
	if n := w.obs.get("judged/" + VerdictNone); n != 1 {
		t.Errorf("verdicts reported as none: %d, want 1", n)
	}
	w.catchUp()
	if sub, err := gws[0].SubmitTransaction(context.Background(), ev); err != nil || !sub.Replayed {
		t.Errorf("retry once the table shows it: %+v, %v; want a replay", sub, err)
	}
	w.requireProduced(t, 1)
}

// TestShutdownFailsWaitingVerdictsAsUnknown: a submit still waiting for
// its verdict when the gateway stops is outcome unknown, not "not
// written": its record is in Kafka.
func TestShutdownFailsWaitingVerdictsAsUnknown(t *testing.T) {
	gws, w := judgedGateways(t, 1, Config{})
	w.lag()
	done := producedLater(t, w, gws[0], txEvent(t, "stopping", "1.00"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_ = gws[0].Run(ctx)
	if r := <-done; !errors.Is(r.err, ErrOutcomeUnknown) || !errors.Is(r.err, ErrNoVerdict) {
		t.Fatalf("submit waiting at shutdown: %v, want ErrNoVerdict and ErrOutcomeUnknown", r.err)
	}
}
