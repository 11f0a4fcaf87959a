package integration

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// TestOneVerdictAcrossProcesses: two `serve --role transaction` processes
// and a processor; 100 ids, each sent at the same moment to both with a
// different body: exactly one 201 per id, the other 409, and the table
// holds the 201's body. Then the same while a third transaction process
// and a second processor join: the processor's join moves partitions of
// the transactions group, so the table that gives the verdicts changes
// owner under the sends.
func TestOneVerdictAcrossProcesses(t *testing.T) {
	brokers := requireIntegration(t)
	c := newCluster(t, clusterConfig{brokers: brokers, redis: testenv.Redis(t), partitions: 6})
	c.start("proc-1", rolesProcessor)
	tx1, tx2 := c.start("tx-1", "transaction"), c.start("tx-2", "transaction")

	steady := sendPairs(t, [2]*member{tx1, tx2}, testenv.Name(t, "steady"), 100)
	requireOneVerdict(t, tx1, steady)

	joined := time.Now()
	procs := []*member{c.launch("tx-3", "transaction"), c.launch("proc-2", rolesProcessor)}
	var during []pairResult
	// Rounds of sends until both are ready (at most 20 rounds: the wait
	// for readiness below says why if they are not).
	for round := 0; round < 20 && (round == 0 || !allReady(procs)); round++ {
		during = append(during, sendPairs(t, [2]*member{tx1, tx2}, testenv.Name(t, fmt.Sprintf("join-%d", round)), 100)...)
	}
	for _, m := range procs {
		m.waitReady(t, readyTimeout)
	}
	ready := time.Since(joined)
	after := sendPairs(t, [2]*member{procs[0], tx2}, testenv.Name(t, "joined"), 100)
	c.requireAlive()
	requireOneVerdict(t, tx1, during)
	requireOneVerdict(t, procs[0], after)
	report(t,
		fmt.Sprintf("steady, 2 transaction processes: %s", summarize(steady)),
		fmt.Sprintf("while tx-3 and proc-2 joined (%s until both were ready): %s", secs(ready), summarize(during)),
		fmt.Sprintf("tx-3 and tx-2 after the join: %s", summarize(after)),
	)
	c.stopAll()
}

// pairResult is what the two processes answered for one id: the final
// status of each, after retrying 504s (outcome unknown) unchanged, and
// whether that status was a replay.
type pairResult struct {
	id       string
	amounts  [2]string
	codes    [2]int
	replayed [2]bool
	retried  [2]int // 504s retried
}

// sendPairs sends n ids, each to both processes at the same moment with
// a different amount, all ids at once.
func sendPairs(t *testing.T, ms [2]*member, prefix string, n int) []pairResult {
	t.Helper()
	out := make([]pairResult, n)
	var wg sync.WaitGroup
	for i := range out {
		r := &out[i]
		r.id = fmt.Sprintf("%s-%d", prefix, i)
		for p := range ms {
			r.amounts[p] = fmt.Sprintf("%d.00", p+1)
			wg.Go(func() { r.codes[p], r.replayed[p], r.retried[p] = postUntilKnown(t, ms[p], r.id, r.amounts[p]) })
		}
	}
	wg.Wait()
	return out
}

// postUntilKnown posts a transaction, retrying it unchanged while the
// answer is 504 outcome_unknown (which says that a retry is safe), for at
// most a minute.
func postUntilKnown(t *testing.T, m *member, id, amount string) (code int, replayed bool, retries int) {
	body := map[string]string{"id": id, "amount": amount, "currency": "USD"}
	deadline := time.Now().Add(time.Minute)
	for {
		a, err := call(context.Background(), http.MethodPost, m.postsURL(), body, nil)
		if err != nil {
			t.Errorf("POST %s to %s: %v", id, m, err)
			return 0, false, retries
		}
		if a.code != http.StatusGatewayTimeout || time.Now().After(deadline) {
			return a.code, a.header.Get("Idempotent-Replayed") == "true", retries
		}
		retries++
	}
}

// requireOneVerdict: for every id one process answered 201 and the other
// 409, and the table (a GET on m, once the transaction is terminal)
// holds the 201's body.
func requireOneVerdict(t *testing.T, m *member, results []pairResult) {
	t.Helper()
	for _, r := range results {
		winner := -1
		for p, code := range r.codes {
			switch {
			case code == http.StatusCreated && winner < 0:
				winner = p
			case code == http.StatusCreated:
				t.Fatalf("%s: both processes answered 201", r.id)
			case code != http.StatusConflict:
				t.Fatalf("%s: answers %v, want one 201 and one 409", r.id, r.codes)
			}
		}
		if winner < 0 {
			t.Fatalf("%s: answers %v, want one 201", r.id, r.codes)
		}
		var got struct {
			Transaction struct {
				Amount string `json:"amount"`
			} `json:"transaction"`
		}
		a, err := call(context.Background(), http.MethodGet, m.url(launch.Transaction, "/transactions/"+r.id+"?wait=10s"), nil, &got)
		if err != nil || a.code != http.StatusOK {
			t.Fatalf("GET %s: %d %s %v", r.id, a.code, a.body, err)
		}
		if got.Transaction.Amount != r.amounts[winner] {
			t.Errorf("%s: the table holds amount %s, the 201 was for %s", r.id, got.Transaction.Amount, r.amounts[winner])
		}
	}
}

// allReady reports whether every process has written its addresses and
// answers /readyz with 200, without waiting.
func allReady(ms []*member) bool {
	for _, m := range ms {
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		err := m.WaitAddresses(ctx)
		cancel()
		if err != nil {
			return false
		}
		a, err := call(context.Background(), http.MethodGet, m.URL(launch.Metrics, "/readyz"), nil, nil)
		if err != nil || a.code != http.StatusOK {
			return false
		}
	}
	return true
}

// summarize counts the answers: ids, 201s that were first answers or
// replays after a retried 504, and the 504s retried.
func summarize(results []pairResult) string {
	var ids, replays, retried int
	for _, r := range results {
		ids++
		for p := range r.codes {
			if r.codes[p] == http.StatusCreated && r.replayed[p] {
				replays++
			}
		}
		retried += r.retried[0] + r.retried[1]
	}
	return fmt.Sprintf("%d ids, one 201 and one 409 each (%d of the 201s a replay after a retried 504), %d 504s retried", ids, replays, retried)
}
