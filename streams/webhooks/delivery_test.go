package webhooks

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// verify checks a request's signature with the reference Go library.
func verify(t *testing.T, secret domain.WebhookSecret, r received) {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(secret.Reveal())
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(r.body, r.header); err != nil {
		t.Errorf("signature of %s does not verify: %v", r.header.Get("webhook-id"), err)
	}
}

func eventOf(t *testing.T, r received) payload {
	t.Helper()
	var p payload
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	return p
}

// TestDeliversEveryChangeInOrderSigned: one POST per status change, in
// version order per transaction, each with the Standard Webhooks headers
// and a signature the reference library verifies; an endpoint gets only
// the types it subscribed to; the deliveries listing shows them delivered.
func TestDeliversEveryChangeInOrderSigned(t *testing.T) {
	f := newFixture(t, testOptions())
	all := newReceiver(t, nil)
	done := newReceiver(t, nil)
	epAll := f.register(all.srv.URL)
	epDone := f.register(done.srv.URL+"/hook?x=1", domain.EventCompleted)

	f.write("tx-1", domain.StatusReceived)
	f.write("tx-1", domain.StatusReceived, domain.StatusConverting)
	f.write("tx-1", domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted)
	f.write("tx-2", domain.StatusReceived, domain.StatusFailed) // one write, two changes

	testenv.Eventually(t, 30*time.Second, func() bool { return len(all.requests()) >= 5 && len(done.requests()) >= 1 },
		"5 and 1 deliveries (all: %d, completed: %d)", len(all.requests()), len(done.requests()))
	var tx1 []string
	ids := map[string]bool{}
	for _, r := range all.requests() {
		verify(t, epAll.Secret, r)
		for _, h := range []string{"webhook-id", "webhook-timestamp", "webhook-signature"} {
			if r.header.Get(h) == "" {
				t.Errorf("request without %s", h)
			}
		}
		ids[r.header.Get("webhook-id")] = true
		p := eventOf(t, r)
		var data domain.Transaction
		if err := json.Unmarshal(p.Data, &data); err != nil {
			t.Fatalf("data: %v", err)
		}
		if data.ID == "tx-1" {
			tx1 = append(tx1, string(p.Type))
		}
	}
	if want := []string{"transaction.received", "transaction.converting", "transaction.completed"}; !slices.Equal(tx1, want) {
		t.Errorf("tx-1's events in order %v, want %v", tx1, want)
	}
	if len(ids) != 5 {
		t.Errorf("%d distinct webhook-ids for 5 events", len(ids))
	}
	got := done.requests()
	verify(t, epDone.Secret, got[0])
	if p := eventOf(t, got[0]); p.Type != domain.EventCompleted {
		t.Errorf("the completed-only endpoint got %s", p.Type)
	}
	testenv.Eventually(t, 10*time.Second, func() bool {
		d := f.deliveries(epAll.ID)
		return len(d) == 5 && !slices.ContainsFunc(d, func(x domain.WebhookDelivery) bool { return x.Outcome != domain.DeliveryDelivered })
	}, "the listing to show 5 delivered messages: %+v", f.deliveries(epAll.ID))
}

// TestRetriesAfterErrorsAndTimeoutsUntilSuccess: a 500, then an answer
// slower than the attempt timeout, then a 503, then 200: four attempts of
// one message under one webhook-id, each signed, spaced by the schedule,
// and the next event only after the first was delivered.
func TestRetriesAfterErrorsAndTimeoutsUntilSuccess(t *testing.T) {
	o := testOptions()
	o.Timeout = 300 * time.Millisecond
	f := newFixture(t, o)
	rc := newReceiver(t, func(n int, r *http.Request) int {
		switch n {
		case 0:
			return http.StatusInternalServerError
		case 1:
			<-r.Context().Done() // the client gives up first
			return http.StatusOK
		case 2:
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	ep := f.register(rc.srv.URL)
	f.write("tx-r", domain.StatusReceived)
	f.write("tx-r", domain.StatusReceived, domain.StatusCompleted)

	testenv.Eventually(t, 30*time.Second, func() bool { return len(rc.requests()) >= 5 }, "5 requests, got %d", len(rc.requests()))
	got := rc.requests()
	first := got[0].header.Get("webhook-id")
	for i, r := range got[:4] {
		verify(t, ep.Secret, r)
		if id := r.header.Get("webhook-id"); id != first {
			t.Errorf("attempt %d under webhook-id %s, the first under %s", i+1, id, first)
		}
		if p := eventOf(t, r); p.Type != domain.EventReceived {
			t.Errorf("attempt %d is of %s, want the received event", i+1, p.Type)
		}
	}
	for i := 1; i < 4; i++ {
		// Jitter is ±10% of the delay; the schedule's delay follows the
		// end of the attempt before, so the gap is at least 90% of it.
		if gap, least := got[i].at.Sub(got[i-1].at), fastRetries[i-1]*9/10; gap < least {
			t.Errorf("attempt %d came %s after the one before, the schedule says at least %s", i+1, gap, least)
		}
	}
	if p := eventOf(t, got[4]); p.Type != domain.EventCompleted || got[4].header.Get("webhook-id") == first {
		t.Errorf("the fifth request is %s under %s, want the completed event under a new id", p.Type, got[4].header.Get("webhook-id"))
	}
	testenv.Eventually(t, 10*time.Second, func() bool {
		d := f.deliveries(ep.ID)
		return len(d) == 2 && d[1].Outcome == domain.DeliveryDelivered && d[1].Attempts == 4
	}, "the listing to show the first message delivered at the 4th attempt: %+v", f.deliveries(ep.ID))
}

// TestDeadLettersAfterTheLastAttempt: an endpoint that always fails gets
// len(Retries)+1 attempts; then the message is on the dead-letter topic
// (its body, reason webhook_failed, the endpoint and webhook-id in the
// headers), failed in the listing, and the next event is tried.
func TestDeadLettersAfterTheLastAttempt(t *testing.T) {
	f := newFixture(t, testOptions())
	rc := newReceiver(t, func(int, *http.Request) int { return http.StatusBadGateway })
	ep := f.register(rc.srv.URL, domain.EventReceived)
	f.write("tx-d", domain.StatusReceived)

	letters := testenv.ConsumeUntil(t, f.cfg.Brokers, f.cfg.Topics.DeadLetter, 30*time.Second, func(recs []*kgo.Record) bool { return len(recs) > 0 })
	rec := letters[0]
	headers := map[string]string{}
	for _, h := range rec.Headers {
		headers[h.Key] = string(h.Value)
	}
	if headers[streams.HeaderDLQReason] != streams.ReasonWebhookFailed || headers[HeaderEndpoint] != ep.ID ||
		headers[HeaderAttempts] != strconv.Itoa(len(fastRetries)+1) {
		t.Errorf("dead letter headers %v", headers)
	}
	got := rc.requests()
	if len(got) != len(fastRetries)+1 {
		t.Errorf("%d attempts, want %d", len(got), len(fastRetries)+1)
	}
	if string(rec.Value) != string(got[0].body) || headers[HeaderWebhookID] != got[0].header.Get("webhook-id") {
		t.Errorf("dead letter %s (%s), want the message %s (%s)", rec.Value, headers[HeaderWebhookID], got[0].body, got[0].header.Get("webhook-id"))
	}
	testenv.Eventually(t, 10*time.Second, func() bool {
		d := f.deliveries(ep.ID)
		return len(d) == 1 && d[0].Outcome == domain.DeliveryFailed && d[0].LastStatus == http.StatusBadGateway
	}, "the listing to show the message failed: %+v", f.deliveries(ep.ID))
}

// TestASlowEndpointDoesNotDelayTheOthers: while every attempt to one
// endpoint hangs until the attempt timeout, another endpoint gets its
// events at once.
func TestASlowEndpointDoesNotDelayTheOthers(t *testing.T) {
	o := testOptions()
	o.Timeout = 20 * time.Second
	f := newFixture(t, o)
	release := make(chan struct{})
	slow := newReceiver(t, func(_ int, r *http.Request) int {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		return http.StatusOK
	})
	fast := newReceiver(t, nil)
	t.Cleanup(func() { close(release) }) // before the servers close, which waits for their handlers
	f.register(slow.srv.URL)
	f.register(fast.srv.URL)
	const n = 20
	for i := range n {
		f.write("tx-s"+strconv.Itoa(i), domain.StatusReceived)
	}
	testenv.Eventually(t, 10*time.Second, func() bool { return len(fast.requests()) == n },
		"the fast endpoint to get %d events while the slow one hangs (got %d)", n, len(fast.requests()))
	if got := len(slow.requests()); got > o.PerEndpoint {
		t.Errorf("%d attempts in flight to the slow endpoint, the limit is %d", got, o.PerEndpoint)
	}
}

// TestARecordReadAgainMakesNoMessage: a table record at a version already
// turned into messages (a replay or a conflict rewrites the record at its
// version, a crash redelivers it) sends nothing again, also once every
// message of the transaction is settled.
func TestARecordReadAgainMakesNoMessage(t *testing.T) {
	f := newFixture(t, testOptions())
	rc := newReceiver(t, nil)
	f.register(rc.srv.URL)
	f.write("tx-again", domain.StatusReceived)
	testenv.Eventually(t, 20*time.Second, func() bool { return len(rc.requests()) == 1 }, "the first delivery")
	f.write("tx-again", domain.StatusReceived) // the same version again
	f.write("tx-again", domain.StatusReceived, domain.StatusCompleted)
	testenv.Eventually(t, 20*time.Second, func() bool { return len(rc.requests()) >= 2 }, "the completed event")
	f.write("tx-again", domain.StatusReceived, domain.StatusCompleted) // after every message is settled
	// A key of the same partition: its event comes after the record above
	// was processed.
	next := "tx-again-0"
	for i := 1; streams.PartitionOf([]byte(next), int32(f.cfg.Partitions)) != streams.PartitionOf([]byte("tx-again"), int32(f.cfg.Partitions)); i++ {
		next = "tx-again-" + strconv.Itoa(i)
	}
	f.write(next, domain.StatusReceived)
	testenv.Eventually(t, 20*time.Second, func() bool { return len(rc.requests()) >= 3 }, "the next transaction's event")
	var types []string
	for _, r := range rc.requests() {
		var data domain.Transaction
		p := eventOf(t, r)
		if err := json.Unmarshal(p.Data, &data); err != nil {
			t.Fatal(err)
		}
		if data.ID == "tx-again" {
			types = append(types, string(p.Type))
		}
	}
	if want := []string{"transaction.received", "transaction.completed"}; !slices.Equal(types, want) {
		t.Errorf("tx-again's events %v, want %v once each", types, want)
	}
}

// TestPendingMessagesSurviveARestart: a message whose attempts fail is
// pending in the table when its processor stops; a new member of the
// group, with the tables in memory (recovered from the changelog) or on
// disk (recovered from its files), takes it over and delivers it under the
// same webhook-id, in order before the transaction's next event.
func TestPendingMessagesSurviveARestart(t *testing.T) {
	for _, onDisk := range []bool{false, true} {
		t.Run(fmt.Sprintf("on disk=%v", onDisk), func(t *testing.T) {
			cfg := testenv.StreamsConfig(t, 2)
			if onDisk {
				cfg.StorageDir = t.TempDir()
			}
			o := testOptions()
			// Two quick failures, then the third attempt due 3 s later:
			// after the restart, made by the new member.
			o.Retries = []time.Duration{100 * time.Millisecond, 3 * time.Second, 3 * time.Second}
			f := newFixtureOn(t, cfg, o)
			var healed atomic.Bool
			rc := newReceiver(t, func(int, *http.Request) int {
				if healed.Load() {
					return http.StatusOK
				}
				return http.StatusServiceUnavailable
			})
			f.register(rc.srv.URL)
			f.write("tx-restart", domain.StatusReceived)
			f.write("tx-restart", domain.StatusReceived, domain.StatusCompleted)
			testenv.Eventually(t, 20*time.Second, func() bool { return len(rc.requests()) == 2 }, "two failed attempts")
			f.stop()
			before := len(rc.requests())
			healed.Store(true)
			f.start(o)
			completed := func() int {
				for i, r := range rc.requests() {
					if eventOf(t, r).Type == domain.EventCompleted {
						return i
					}
				}
				return -1
			}
			testenv.Eventually(t, 60*time.Second, func() bool { return completed() >= 0 }, "the completed event (%d requests)", len(rc.requests()))
			got, c := rc.requests(), completed()
			first := got[0].header.Get("webhook-id")
			for i, r := range got[:c] {
				if p := eventOf(t, r); p.Type != domain.EventReceived || r.header.Get("webhook-id") != first {
					t.Errorf("request %d before the completed event: %s under %s, want the received event under %s", i, p.Type, r.header.Get("webhook-id"), first)
				}
			}
			if c <= before {
				t.Errorf("the received event was not delivered by the new member (%d requests before the restart, completed at %d)", before, c)
			}
		})
	}
}

// settledCounter counts the outcomes the callbacks applied.
type settledCounter struct {
	NopObserver
	mu   sync.Mutex
	seen map[string]int
}

func (c *settledCounter) Settled(outcome string, _ time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[outcome]++
}

func (c *settledCounter) count(outcome string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[outcome]
}

// TestDeletingAnEndpointDropsItsMessages: the pending messages of a
// deleted endpoint are dropped at their next turn, counted, and never
// sent again; a GET of it finds nothing.
func TestDeletingAnEndpointDropsItsMessages(t *testing.T) {
	o := testOptions()
	o.Retries = []time.Duration{500 * time.Millisecond, 500 * time.Millisecond, 500 * time.Millisecond}
	counter := &settledCounter{seen: map[string]int{}}
	o.Webhooks = counter
	f := newFixture(t, o)
	rc := newReceiver(t, func(int, *http.Request) int { return http.StatusInternalServerError })
	ep := f.register(rc.srv.URL)
	f.write("tx-gone", domain.StatusReceived, domain.StatusCompleted)
	testenv.Eventually(t, 20*time.Second, func() bool { return len(rc.requests()) >= 1 }, "a failed attempt")
	if err := f.registrar.Delete(context.Background(), ep.ID); err != nil {
		t.Fatal(err)
	}
	if f.registrar.Registry().Get(ep.ID) != nil {
		t.Fatal("the endpoint is still registered after Delete returned")
	}
	testenv.Eventually(t, 20*time.Second, func() bool { return counter.count(OutcomeDropped) == 2 },
		"both messages dropped (dropped %d)", counter.count(OutcomeDropped))
	sent := len(rc.requests())
	f.write("tx-gone-2", domain.StatusReceived)
	testenv.Eventually(t, 20*time.Second, func() bool { return f.proc.dispatcher.pendingNow() == 0 }, "nothing pending")
	if got := len(rc.requests()); got != sent {
		t.Errorf("%d requests after the drop, want %d", got, sent)
	}
}
