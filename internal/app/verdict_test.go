package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// TestOneVerdictAcrossProcesses: two transaction-service processes and a
// processor on one broker; each id is sent at the same moment to both
// with different bodies. Exactly one gets 201, the other 409, and the
// table (GET, on either) holds the 201's body. A replay to either
// process is answered as one.
func TestOneVerdictAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	brokers, redis := testenv.Kafka(t), testenv.Redis(t)
	startApp(t, testConfig(t, Roles{RoleProcessor}, brokers, redis))
	front := []*App{
		startApp(t, testConfig(t, Roles{RoleTransaction}, brokers, redis)),
		startApp(t, testConfig(t, Roles{RoleTransaction}, brokers, redis)),
	}
	for i := range 20 {
		id := fmt.Sprintf("verdict-%d", i)
		codes, amounts := postBoth(t, front, id)
		winner := -1
		for p, code := range codes {
			switch {
			case code == http.StatusCreated && winner < 0:
				winner = p
			case code == http.StatusCreated:
				t.Fatalf("%s: both processes answered 201", id)
			case code != http.StatusConflict:
				t.Fatalf("%s: process %d answered %d, want 201 or 409", id, p, code)
			}
		}
		if winner < 0 {
			t.Fatalf("%s: no process answered 201: %v", id, codes)
		}
		for p := range front {
			if got := tableAmount(t, front[p], id); got != amounts[winner] {
				t.Errorf("%s: process %d shows amount %q, want the 201's %q", id, p, got, amounts[winner])
			}
			if code, replayed := postTx(t, front[p], id, amounts[winner]); code != http.StatusCreated || !replayed {
				t.Errorf("%s: the winner's body again to process %d: %d (replayed %v), want a 201 replay", id, p, code, replayed)
			}
		}
	}
}

// startApp runs a process of cfg until the test ends and waits until it
// is ready.
func startApp(t *testing.T, cfg Config) *App {
	t.Helper()
	a, err := New(context.Background(), ModeServe, cfg, Options{Log: discard()})
	if err != nil {
		t.Fatal(err)
	}
	start(t, a)
	testenv.Eventually(t, 60*time.Second, func() bool { return len(a.NotReady()) == 0 }, "process ready")
	return a
}

// postBoth sends id with a different amount to each process at once.
func postBoth(t *testing.T, front []*App, id string) (codes []int, amounts []string) {
	t.Helper()
	codes = make([]int, len(front))
	for p := range front {
		amounts = append(amounts, fmt.Sprintf("%d.00", p+1))
	}
	var wg sync.WaitGroup
	for p := range front {
		wg.Go(func() { codes[p], _ = postTx(t, front[p], id, amounts[p]) })
	}
	wg.Wait()
	return codes, amounts
}

// postTx posts a transaction and returns the status and whether it was
// answered as a replay.
func postTx(t *testing.T, a *App, id, amount string) (int, bool) {
	body := fmt.Sprintf(`{"id":%q,"amount":%q,"currency":"USD"}`, id, amount)
	resp, err := http.Post("http://"+a.Addresses().Transaction+"/transactions", "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Error(err)
		return 0, false
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Idempotent-Replayed") == "true"
}

// tableAmount is the amount a process's GET shows once the transaction
// is terminal.
func tableAmount(t *testing.T, a *App, id string) string {
	t.Helper()
	code, body := testenv.Get(t, "http://"+a.Addresses().Transaction+"/transactions/"+id+"?wait=5s")
	var got struct {
		Transaction struct {
			Amount string `json:"amount"`
		} `json:"transaction"`
	}
	if err := json.Unmarshal(body, &got); code != http.StatusOK || err != nil {
		t.Fatalf("GET %s: %d %s", id, code, body)
	}
	return got.Transaction.Amount
}
