package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/poll"
	"github.com/txstream/txstream/internal/testenv"
)

// hookReceiver is a webhook receiver that refuses the first attempt of
// every message (500), so that at any moment many messages wait for a
// retry, and records what it accepted.
type hookReceiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	attempts map[string]int      // by webhook-id
	events   map[string][]string // by transaction id: event types in the order first accepted
	requests int
}

func newHookReceiver(t *testing.T) *hookReceiver {
	r := &hookReceiver{attempts: map[string]int{}, events: map[string][]string{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *hookReceiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	var p struct {
		Type string `json:"type"`
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	_ = json.Unmarshal(body, &p)
	id := req.Header.Get("webhook-id")
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	r.attempts[id]++
	switch n := r.attempts[id]; {
	case n == 1:
		w.WriteHeader(http.StatusInternalServerError)
		return
	case n == 2:
		r.events[p.Data.ID] = append(r.events[p.Data.ID], p.Type)
	}
	w.WriteHeader(http.StatusOK)
}

// got returns the event types accepted for id, and the requests so far.
func (r *hookReceiver) got(id string) ([]string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events[id]...), r.requests
}

// redelivered counts the messages accepted more than once (the at least
// once of a crash between a 2xx and its recording).
func (r *hookReceiver) redelivered() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, a := range r.attempts {
		if a > 2 {
			n++
		}
	}
	return n
}

// complete reports whether the events of a terminal transaction arrived,
// in version order: received first, converting (for a converted one)
// next, a terminal event last.
func complete(events []string) bool {
	if len(events) < 2 || events[0] != "transaction.received" {
		return false
	}
	last := events[len(events)-1]
	return last == "transaction.completed" || last == "transaction.failed"
}

// TestWebhooksSurviveKill delivers the events of a steady load through two
// processor members to a receiver that refuses every first attempt, kills
// one member with SIGKILL, and checks that every acknowledged
// transaction's events still arrive, in version order: the pending
// messages and their retries of the dead member's partitions are taken
// over from the webhooks table.
func TestWebhooksSurviveKill(t *testing.T) {
	brokers := requireIntegration(t)
	rc := newHookReceiver(t)
	c := newCluster(t, clusterConfig{brokers: brokers, redis: testenv.Redis(t), partitions: 6,
		extra: []string{"--webhook-allow-private", "--webhook-retries", "300ms,1s,2s,5s,10s,20s"}})
	procs := []*member{c.launch("proc-1", rolesProcessor), c.launch("proc-2", rolesProcessor)}
	for _, m := range procs {
		m.waitReady(t, readyTimeout)
	}
	front := c.start("front", rolesFront)
	prepare(t, front)
	ctx := context.Background()
	reg := map[string]any{"url": rc.srv.URL, "events": []string{"transaction.received", "transaction.converting", "transaction.completed", "transaction.failed"}}
	if a, err := call(ctx, http.MethodPost, front.url(launch.Manager, "/webhooks"), reg, nil); err != nil || a.code != http.StatusCreated {
		t.Fatalf("POST /webhooks: %d %s %v", a.code, a.body, err)
	}
	// Probes on every partition's likely owner: once they arrive, both
	// members' registries have the endpoint.
	var probes []string
	for i := range 20 {
		id := testenv.Name(t, fmt.Sprintf("probe-%d", i))
		body := map[string]string{"id": id, "amount": loadAmount, "currency": loadCurrency}
		if a, err := call(ctx, http.MethodPost, front.postsURL(), body, nil); err != nil || a.code != http.StatusCreated {
			t.Fatalf("POST probe: %d %s %v", a.code, a.body, err)
		}
		probes = append(probes, id)
	}
	testenv.Eventually(t, 60*time.Second, func() bool {
		for _, id := range probes {
			if ev, _ := rc.got(id); !complete(ev) {
				return false
			}
		}
		return true
	}, "the probes' events")

	// A modest rate: one endpoint gets every event, each twice (the
	// refused first attempt), and the point is the kill, not the rate.
	const rate = 30
	load := startLoad(t, front.postsURL(), testenv.Name(t, "hooks"), rate)
	_, before := rc.got("")
	testenv.Eventually(t, 60*time.Second, func() bool { _, n := rc.got(""); return n > before+rate*4 },
		"deliveries under load")
	killed := time.Now()
	procs[1].kill(t)
	_, atKill := rc.got("")
	// Both bounds: the deliveries alone can reach theirs within a second
	// or two of the kill, before the load has sent enough to judge.
	testenv.Eventually(t, 120*time.Second, func() bool {
		_, n := rc.got("")
		return n > atKill+rate*8 && load.answered(http.StatusCreated, killed) >= rate*3
	}, "deliveries and acknowledged transactions after the kill, from the survivor")
	results := load.finish()
	acked := created(results)
	if len(acked) < rate*3 {
		t.Fatalf("only %d transactions acknowledged; the load did not run", len(acked))
	}
	missing := func() []string {
		var out []string
		for _, s := range acked {
			if ev, _ := rc.got(s.id); !complete(ev) {
				out = append(out, fmt.Sprintf("%s: %v", s.id, ev))
			}
		}
		return out
	}
	_ = poll.Within(3*time.Minute, 200*time.Millisecond, func() (bool, error) { return len(missing()) == 0, nil })
	missed := missing()
	if len(missed) > 0 {
		t.Errorf("%d of %d acknowledged transactions lack their events in order, first: %v", len(missed), len(acked), missed[:min(5, len(missed))])
	}
	_, requests := rc.got("")
	report(t,
		fmt.Sprintf("load: %d tx/s for %s, %d acknowledged (%s); every first attempt refused (500)", rate, secs(time.Since(load.begin)), len(acked), load.summary()),
		fmt.Sprintf("kill -9 proc-2 at %s; transactions whose events all arrived in order: %d of %d", killed.Format("15:04:05"), len(acked)-len(missed), len(acked)),
		fmt.Sprintf("requests to the receiver: %d; messages accepted more than once (at least once across the kill): %d", requests, rc.redelivered()),
	)
	c.stopAll()
}
