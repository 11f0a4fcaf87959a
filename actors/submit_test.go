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

// The semantics under test: the first of concurrent identical submits to
// reach the actor produces and is answered Replayed=false once Kafka acked;
// every other one is answered Replayed=true after that ack. Exactly one event
// is produced.
func TestConcurrentDuplicatesCoalesceIntoOneProduce(t *testing.T) {
	const n = 100
	f := newFixture(t, Config{})
	open := f.prod.hold()
	defer open()
	ev := txEvent(t, "dup-1", "10.00")
	type result struct {
		sub domain.Submitted
		err error
	}
	results := make(chan result, n)
	for range n {
		go func() {
			sub, err := f.g.SubmitTransaction(context.Background(), ev)
			results <- result{sub, err}
		}()
	}
	// Every submit is queued behind the one held produce before Kafka "acks".
	testenv.Eventually(t, 5*time.Second, func() bool {
		return f.prod.entered.Load() == 1 && f.g.sentTo(f.g.txs, ev.ID) == n
	}, "one produce in progress and %d submits queued", n)
	open()
	fresh, replays := 0, 0
	for range n {
		r := <-results
		if r.err != nil {
			t.Fatalf("submit: %v", r.err)
		}
		if r.sub.Replayed {
			replays++
		} else {
			fresh++
		}
	}
	if txs, _ := f.prod.produced(); txs != 1 || fresh != 1 || replays != n-1 {
		t.Fatalf("produced %d events, %d fresh and %d replayed answers; want 1, 1, %d", txs, fresh, replays, n-1)
	}
}

func TestIdempotency(t *testing.T) {
	tests := []struct {
		name         string
		kind         Kind
		second       string // amount of the second submit of the same id
		wantReplay   bool
		wantConflict bool
	}{
		{"transaction same body is a replay", KindTransaction, "10.00", true, false},
		{"transaction other body is a conflict", KindTransaction, "11.00", false, true},
		{"conversion same body is a replay", KindConversion, "10.00", true, false},
		{"conversion other body is a conflict", KindConversion, "11.00", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, Config{})
			submit := func(amount string) (domain.Submitted, error) {
				if tt.kind == KindConversion {
					return f.g.SubmitConversion(context.Background(), convRequest(t, "idem-1", amount))
				}
				return f.g.SubmitTransaction(context.Background(), txEvent(t, "idem-1", amount))
			}
			if first, err := submit("10.00"); err != nil || first.Replayed {
				t.Fatalf("first submit: %+v, %v; want accepted", first, err)
			}
			sub, err := submit(tt.second)
			var conflict *ConflictError
			switch {
			case tt.wantConflict && (!errors.Is(err, ErrConflict) || !errors.As(err, &conflict) || conflict.ID != "idem-1" || conflict.Kind != tt.kind):
				t.Fatalf("second submit: %v; want a ConflictError for %s idem-1", err, tt.kind)
			case !tt.wantConflict && (err != nil || sub.Replayed != tt.wantReplay):
				t.Fatalf("second submit: %+v, %v; want Replayed=%v", sub, err, tt.wantReplay)
			}
			if txs, convs := f.prod.produced(); txs+convs != 1 {
				t.Fatalf("produced %d events; want 1 (the original, untouched)", txs+convs)
			}
			if again, err := submit("10.00"); err != nil || !again.Replayed {
				t.Fatalf("original body again: %+v, %v; want a replay", again, err)
			}
		})
	}
}

func TestProduceFailureIsUnavailableAndRetrySucceeds(t *testing.T) {
	f := newFixture(t, Config{})
	f.prod.failNext(1)
	ev := txEvent(t, "fail-1", "5.00")
	_, err := f.g.SubmitTransaction(context.Background(), ev)
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, errBroker) {
		t.Fatalf("submit: %v; want ErrUnavailable wrapping the broker error", err)
	}
	if txs, _ := f.prod.produced(); txs != 0 {
		t.Fatalf("produced %d events after a failure; want 0", txs)
	}
	sub, err := f.g.SubmitTransaction(context.Background(), ev)
	if err != nil || sub.Replayed {
		t.Fatalf("retry: %+v, %v; want accepted, not a replay", sub, err)
	}
	if txs, _ := f.prod.produced(); txs != 1 {
		t.Fatalf("produced %d events; want 1", txs)
	}
}

// Duplicates queued behind a produce that fails share its failure instead of
// each waiting for Kafka again.
func TestQueuedDuplicatesShareAFailure(t *testing.T) {
	const n = 10
	f := newFixture(t, Config{})
	open := f.prod.hold()
	defer open()
	f.prod.failNext(1)
	ev := txEvent(t, "fail-many", "5.00")
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := f.g.SubmitTransaction(context.Background(), ev)
			errs <- err
		}()
	}
	testenv.Eventually(t, 5*time.Second, func() bool { return f.g.sentTo(f.g.txs, ev.ID) == n }, "%d submits queued", n)
	open()
	for range n {
		if err := <-errs; !errors.Is(err, ErrUnavailable) {
			t.Fatalf("queued duplicate: %v; want ErrUnavailable", err)
		}
	}
	if got := f.prod.entered.Load(); got != 1 {
		t.Fatalf("%d produce attempts; want 1", got)
	}
	if sub, err := f.g.SubmitTransaction(context.Background(), ev); err != nil || sub.Replayed {
		t.Fatalf("retry after the failure: %+v, %v; want accepted", sub, err)
	}
}

// A produce cut short by ProduceTimeout may still be written: its outcome
// is unknown, not unavailable, and it is counted so.
func TestProduceTimeoutIsOutcomeUnknown(t *testing.T) {
	f := newFixture(t, Config{ProduceTimeout: 50 * time.Millisecond})
	defer f.prod.hold()()
	_, err := f.g.SubmitTransaction(context.Background(), txEvent(t, "slow-1", "1.00"))
	if !errors.Is(err, ErrOutcomeUnknown) || errors.Is(err, ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("submit: %v; want ErrOutcomeUnknown wrapping the deadline", err)
	}
	if got := f.obs.get("submitted/transaction/outcome_unknown"); got != 1 {
		t.Fatalf("observer counted %d submits of unknown outcome; want 1", got)
	}
}

// producerVerdict is a producer's error that says whether the record may
// have been written, as streams.ProduceError does.
type producerVerdict struct {
	unknown bool
	cause   error
}

func (e producerVerdict) Error() string        { return e.cause.Error() }
func (e producerVerdict) Unwrap() error        { return e.cause }
func (e producerVerdict) OutcomeUnknown() bool { return e.unknown }

// The producer's own verdict decides; an error without one is unknown only
// when it is the context's.
func TestOutcomeUnknownFollowsTheProducer(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"failed before sending, at the deadline", producerVerdict{false, context.DeadlineExceeded}, false},
		{"on the wire at the deadline", producerVerdict{true, context.DeadlineExceeded}, true},
		{"closed under the record", fmt.Errorf("produce: %w", producerVerdict{true, errBroker}), true},
		{"no verdict, the deadline", fmt.Errorf("produce: %w", context.DeadlineExceeded), true},
		{"no verdict, canceled", context.Canceled, true},
		{"no verdict, refused", errBroker, false},
	}
	for _, tc := range cases {
		if got := outcomeUnknown(tc.err); got != tc.want {
			t.Errorf("%s: outcomeUnknown(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

func TestOverloadFailsFast(t *testing.T) {
	const limit = 4
	f := newFixture(t, Config{MaxInFlight: limit})
	open := f.prod.hold()
	defer open()
	var wg sync.WaitGroup
	for i := range limit {
		wg.Go(func() {
			if _, err := f.g.SubmitTransaction(context.Background(), txEvent(t, "busy-"+string(rune('a'+i)), "1.00")); err != nil {
				t.Errorf("submit within the limit: %v", err)
			}
		})
	}
	testenv.Eventually(t, 5*time.Second, func() bool { return f.prod.entered.Load() == limit }, "%d produces held", limit)
	start := time.Now()
	_, err := f.g.SubmitTransaction(context.Background(), txEvent(t, "one-too-many", "1.00"))
	if !errors.Is(err, ErrOverloaded) || time.Since(start) > time.Second {
		t.Fatalf("submit past the limit: %v after %s; want ErrOverloaded at once", err, time.Since(start))
	}
	if got := f.obs.get("submitted/transaction/overloaded"); got != 1 {
		t.Fatalf("observer counted %d overloaded submits; want 1", got)
	}
	open()
	wg.Wait()
	if _, err := f.g.SubmitTransaction(context.Background(), txEvent(t, "one-too-many", "1.00")); err != nil {
		t.Fatalf("submit once the load is gone: %v", err)
	}
}

func TestLookupFailureIsUnavailableAndRecovers(t *testing.T) {
	f := newFixture(t, Config{})
	f.lookup.fail(errors.New("view not ready"))
	ev := txEvent(t, "lookup-1", "2.00")
	if _, err := f.g.SubmitTransaction(context.Background(), ev); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("submit with the table unreadable: %v; want ErrUnavailable", err)
	}
	f.lookup.fail(nil)
	f.lookup.setTx(tableTx(ev, "completed", 2))
	sub, err := f.g.SubmitTransaction(context.Background(), ev)
	if err != nil || !sub.Replayed || sub.Transaction == nil || sub.Transaction.Version != 2 {
		t.Fatalf("submit once readable: %+v, %v; want a replay of the table's version 2", sub, err)
	}
	if txs, _ := f.prod.produced(); txs != 0 {
		t.Fatalf("produced %d events; want 0", txs)
	}
}

func TestSubmitHonoursContext(t *testing.T) {
	f := newFixture(t, Config{})
	open := f.prod.hold()
	defer open()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	ev := txEvent(t, "ctx-1", "3.00")
	if _, err := f.g.SubmitTransaction(ctx, ev); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("submit: %v; want the context's deadline", err)
	}
	open()
	// The produce went on and was acknowledged: a retry is a replay.
	testenv.Eventually(t, 5*time.Second, func() bool { txs, _ := f.prod.produced(); return txs == 1 }, "the abandoned produce completes")
	if sub, err := f.g.SubmitTransaction(context.Background(), ev); err != nil || !sub.Replayed {
		t.Fatalf("retry: %+v, %v; want a replay", sub, err)
	}
}

func TestInvalidRequest(t *testing.T) {
	f := newFixture(t, Config{})
	ev := txEvent(t, "bad-1", "1.00")
	ev.Fingerprint = ""
	if _, err := f.g.SubmitTransaction(context.Background(), ev); !errors.Is(err, ErrInvalidRequest) {
		t.Fatalf("submit without fingerprint: %v; want ErrInvalidRequest", err)
	}
}

// A caller that gives up does not free its slot: the work it left behind
// still runs, and still counts against MaxInFlight until it is done.
func TestAbandonedSubmitKeepsItsSlotUntilDone(t *testing.T) {
	f := newFixture(t, Config{MaxInFlight: 1})
	open := f.prod.hold()
	defer open()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := f.g.SubmitTransaction(ctx, txEvent(t, "gone-1", "1.00")); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("submit: %v; want the context's deadline", err)
	}
	if _, err := f.g.SubmitTransaction(context.Background(), txEvent(t, "gone-2", "1.00")); !errors.Is(err, ErrOverloaded) {
		t.Fatalf("submit while the abandoned produce runs: %v; want ErrOverloaded", err)
	}
	open()
	testenv.Eventually(t, 5*time.Second, func() bool { return f.g.inflight.Load() == 0 }, "the slot is freed when the produce ends")
	if _, err := f.g.SubmitTransaction(context.Background(), txEvent(t, "gone-2", "1.00")); err != nil {
		t.Fatalf("submit after: %v", err)
	}
}
