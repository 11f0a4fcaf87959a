package edge

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

const txBody = `{"id":"tx-1","amount":"10.50","currency":"USD","metadata":{"k":"v"}}`

func TestPostTransaction(t *testing.T) {
	e := newEnv(t, nil, nil)
	url := e.transaction + "/transactions"

	first := e.call(t, "POST", url, txBody).expect(t, http.StatusCreated)
	body := first.object(t)
	if body["status"] != "Transaction created" {
		t.Fatalf("status member %v", body["status"])
	}
	tx, _ := body["transaction"].(map[string]any)
	if tx["id"] != "tx-1" || tx["amount"] != "10.50" || tx["status"] != "received" || tx["fingerprint"] == "" {
		t.Fatalf("transaction member %v", tx)
	}
	if first.header.Get("Location") != "/transactions/tx-1" || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("headers %v", first.header)
	}

	t.Run("replay answers the same, marked", func(t *testing.T) {
		again := e.call(t, "POST", url, `{"currency":"USD","metadata":{"k":"v"},"amount":10.5,"id":"tx-1"}`).expect(t, http.StatusCreated)
		if again.header.Get("Idempotent-Replayed") != "true" || again.object(t)["status"] != "Transaction created" {
			t.Fatalf("replay: %v %s", again.header, again.body)
		}
	})
	t.Run("replay carries the table's record when there is one", func(t *testing.T) {
		e.tables.putTransaction(record("tx-1", 2, domain.StatusCompleted))
		again := e.call(t, "POST", url, txBody).expect(t, http.StatusCreated)
		if tx := again.object(t)["transaction"].(map[string]any); tx["status"] != "completed" {
			t.Fatalf("replayed transaction %v", tx)
		}
	})
	t.Run("same id other body is a conflict", func(t *testing.T) {
		p := e.call(t, "POST", url, `{"id":"tx-1","amount":"11","currency":"USD"}`).expectProblem(t, CodeConflict)
		if p.Instance != "/transactions" {
			t.Fatalf("instance %q", p.Instance)
		}
	})
}

// record builds a transaction at version with its history up to status.
func record(id string, version int64, status domain.Status) domain.Transaction {
	at := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	tx := domain.Transaction{Schema: 1, ID: id, Amount: "10.50", Currency: "USD", Status: status, Version: version, CreatedAt: at, UpdatedAt: at}
	for v := int64(1); v <= version; v++ {
		st := domain.StatusReceived
		if v == version {
			st = status
		}
		tx.History = append(tx.History, domain.StatusChange{Version: v, Status: st, At: at.Add(time.Duration(v) * time.Second)})
	}
	return tx
}

func TestPostTransactionRefusals(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxBodyBytes = 1024 }, nil)
	url := e.transaction + "/transactions"
	cases := []struct {
		name, body string
		header     []string
		code       Code
	}{
		{"malformed", `{"id":`, nil, CodeMalformedJSON},
		{"trailing data", txBody + `{}`, nil, CodeMalformedJSON},
		{"unknown field", `{"id":"tx-2","amount":"1","currency":"USD","extra":1}`, nil, CodeUnknownField},
		{"duplicate field", `{"id":"tx-2","id":"tx-3","amount":"1","currency":"USD"}`, nil, CodeDuplicateField},
		{"missing field", `{"id":"tx-2","currency":"USD"}`, nil, CodeMissingField},
		{"wrong type", `{"id":"tx-2","amount":[1],"currency":"USD"}`, nil, CodeWrongType},
		{"bad id", `{"id":"tx 2","amount":"1","currency":"USD"}`, nil, CodeInvalidID},
		{"zero amount", `{"id":"tx-2","amount":0,"currency":"USD"}`, nil, CodeInvalidAmount},
		{"negative amount", `{"id":"tx-2","amount":"-1","currency":"USD"}`, nil, CodeInvalidAmount},
		{"bad currency", `{"id":"tx-2","amount":"1","currency":"XXY"}`, nil, CodeInvalidCurrency},
		{"body too large", `{"id":"tx-2","amount":"1","currency":"USD","metadata":{"k":"` + strings.Repeat("x", 2000) + `"}}`, nil, CodeBodyTooLarge},
		{"form content type", `id=tx-2`, []string{"Content-Type", "application/x-www-form-urlencoded"}, CodeUnsupportedMediaType},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.call(t, "POST", url, tc.body, tc.header...).expectProblem(t, tc.code)
		})
	}
	// Metadata over domain.MaxMetadataBytes needs a body limit above it.
	t.Run("metadata over the domain limit", func(t *testing.T) {
		big := newEnv(t, nil, nil)
		body := `{"id":"tx-2","amount":"1","currency":"USD","metadata":{"k":"` + strings.Repeat("x", domain.MaxMetadataBytes) + `"}}`
		big.call(t, "POST", big.transaction+"/transactions", body).expectProblem(t, CodeInvalidMetadata)
		if n := big.txs.calls.Load(); n != 0 {
			t.Fatalf("%d refused requests reached the actors", n)
		}
	})
	if n := e.txs.calls.Load(); n != 0 {
		t.Fatalf("%d refused requests reached the actors", n)
	}
	t.Run("content type with charset is JSON", func(t *testing.T) {
		e.call(t, "POST", url, txBody, "Content-Type", "application/json; charset=utf-8").expect(t, http.StatusCreated)
	})
}

func TestPostTransactionFailures(t *testing.T) {
	cases := []struct {
		name string
		err  error
		code Code
	}{
		{"overloaded", errOverloaded, CodeOverloaded},
		{"kafka unavailable", errUnavailable, CodeUnavailable},
		{"outcome unknown", errUnknown, CodeOutcomeUnknown},
		{"unclassified", errTableDown, CodeInternal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil, nil)
			e.txs.setErr(tc.err)
			p := e.call(t, "POST", e.transaction+"/transactions", txBody).expectProblem(t, tc.code)
			if tc.code == CodeInternal && strings.Contains(p.Detail, "fake") {
				t.Fatalf("internal detail leaks the error: %q", p.Detail)
			}
			if tc.code == CodeOutcomeUnknown && !strings.Contains(p.Detail, "the same id") {
				t.Fatalf("outcome_unknown does not say to retry with the same id: %q", p.Detail)
			}
		})
	}
	t.Run("overload is counted", func(t *testing.T) {
		e := newEnv(t, nil, nil)
		e.txs.setErr(errOverloaded)
		e.call(t, "POST", e.transaction+"/transactions", txBody).expectProblem(t, CodeOverloaded)
		if e.obs.overloadedCount() != 1 {
			t.Fatalf("overloaded count %d", e.obs.overloadedCount())
		}
	})
}

// A write still in progress at SubmitTimeout may yet reach Kafka: its
// answer is outcome_unknown, not unavailable.
func TestPostTransactionBoundedWhenKafkaHangs(t *testing.T) {
	const bound = 300 * time.Millisecond
	e := newEnv(t, func(c *Config) { c.SubmitTimeout = bound }, nil)
	release := e.txs.blockSubmits(false)
	defer release()
	start := time.Now()
	e.call(t, "POST", e.transaction+"/transactions", txBody).expectProblem(t, CodeOutcomeUnknown)
	if took := time.Since(start); took < bound || took > bound+2*time.Second {
		t.Fatalf("answered after %s, bound %s", took, bound)
	}
}

func TestPostTransactionPanicIsContained(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.txs.panicOn = "boom"
	e.call(t, "POST", e.transaction+"/transactions", `{"id":"boom","amount":"1","currency":"USD"}`).expectProblem(t, CodeInternal)
	e.call(t, "POST", e.transaction+"/transactions", txBody).expect(t, http.StatusCreated)
}

func TestGetTransaction(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.tables.putTransaction(record("tx-1", 2, domain.StatusCompleted))
	cases := []struct {
		name, path string
		status     int
		code       Code
	}{
		{"known", "/transactions/tx-1", http.StatusOK, ""},
		{"unknown", "/transactions/tx-9", http.StatusNotFound, CodeTransactionNotFound},
		{"invalid id", "/transactions/" + strings.Repeat("a", 129), http.StatusBadRequest, CodeInvalidID},
		{"invalid id charset", "/transactions/a%20b", http.StatusBadRequest, CodeInvalidID},
		{"unknown query parameter", "/transactions/tx-1?wiat=5s", http.StatusBadRequest, CodeInvalidQuery},
		{"bad wait", "/transactions/tx-1?wait=soon", http.StatusBadRequest, CodeInvalidQuery},
		{"negative wait", "/transactions/tx-1?wait=-1s", http.StatusBadRequest, CodeInvalidQuery},
		{"repeated wait", "/transactions/tx-1?wait=1s&wait=2s", http.StatusBadRequest, CodeInvalidQuery},
		{"terminal with wait", "/transactions/tx-1?wait=5s", http.StatusOK, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := e.call(t, "GET", e.transaction+tc.path, "")
			if tc.code != "" {
				p := a.expectProblem(t, tc.code)
				if tc.code == CodeTransactionNotFound && p.Error != "Transaction not found" {
					t.Fatalf("seed error member %q", p.Error)
				}
				return
			}
			tx := a.expect(t, tc.status).object(t)["transaction"].(map[string]any)
			if tx["id"] != "tx-1" || tx["status"] != "completed" || tx["version"] != float64(2) {
				t.Fatalf("transaction %v", tx)
			}
		})
	}
	t.Run("tables down", func(t *testing.T) {
		e.tables.setErr(errTableDown)
		defer e.tables.setErr(nil)
		e.call(t, "GET", e.transaction+"/transactions/tx-1", "").expectProblem(t, CodeTablesUnavailable)
	})
}

func TestGetTransactionLongPoll(t *testing.T) {
	t.Run("answered on the terminal status", func(t *testing.T) {
		e := newEnv(t, func(c *Config) { c.WaitMax = 10 * time.Second }, nil)
		e.tables.putTransaction(record("tx-1", 1, domain.StatusReceived))
		type result struct {
			a   answer
			err error
		}
		got := make(chan result, 1)
		start := time.Now()
		go func() {
			a, err := e.send("GET", e.transaction+"/transactions/tx-1?wait=10s", "")
			got <- result{a, err}
		}()
		// The edge reads the table (received), then waits in the actor;
		// the terminal status arriving must end the wait, not the deadline.
		testenv.Eventually(t, 5*time.Second, func() bool { return e.tables.txReads.Load() >= 1 }, "long poll reads the table")
		e.txs.finish(record("tx-1", 2, domain.StatusCompleted))
		r := <-got
		if r.err != nil {
			t.Fatal(r.err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("answered after %s: the terminal status did not end the wait", took)
		}
		if tx := r.a.expect(t, http.StatusOK).object(t)["transaction"].(map[string]any); tx["status"] != "completed" {
			t.Fatalf("long poll answered %v", tx)
		}
	})

	e := newEnv(t, func(c *Config) { c.WaitMax = 400 * time.Millisecond }, nil)
	t.Run("answered at the deadline with the current state", func(t *testing.T) {
		e.tables.putTransaction(record("tx-2", 1, domain.StatusReceived))
		start := time.Now()
		a := e.call(t, "GET", e.transaction+"/transactions/tx-2?wait=200ms", "")
		if took := time.Since(start); took < 200*time.Millisecond {
			t.Fatalf("answered after %s, before the deadline", took)
		}
		if tx := a.expect(t, http.StatusOK).object(t)["transaction"].(map[string]any); tx["status"] != "received" {
			t.Fatalf("long poll answered %v", tx)
		}
	})
	t.Run("wait is cut to WaitMax", func(t *testing.T) {
		start := time.Now()
		e.call(t, "GET", e.transaction+"/transactions/tx-2?wait=1h", "").expect(t, http.StatusOK)
		if took := time.Since(start); took > 3*time.Second {
			t.Fatalf("a one-hour wait took %s with WaitMax 400ms", took)
		}
	})
	t.Run("unknown at the deadline is 404", func(t *testing.T) {
		e.call(t, "GET", e.transaction+"/transactions/tx-9?wait=1", "").expectProblem(t, CodeTransactionNotFound)
	})
}

// TestLongPollsLeaveWritesTheirSlots: requests waiting in a long poll do
// not hold the in-flight slots of other requests: with as many long polls
// waiting as MaxInFlight allows requests, a write and a plain read are
// still served (4,096 waiting GETs once answered every other client 503
// until their waits ended).
func TestLongPollsLeaveWritesTheirSlots(t *testing.T) {
	const slots = 2
	e := newEnv(t, func(c *Config) { c.MaxInFlight = slots; c.WaitMax = 10 * time.Second }, nil)
	polls := startLongPolls(t, e, "lp", slots)
	e.call(t, "POST", e.transaction+"/transactions", txBody).expect(t, http.StatusCreated)
	e.call(t, "GET", e.transaction+"/transactions/tx-unknown", "").expectProblem(t, CodeTransactionNotFound)
	polls.finish(t)
}

// TestLongPollLimit: past MaxLongPolls a long poll is 503 overloaded with
// Retry-After, and counted; reads without a wait and writes are still
// served, and the slots come back when the polls are answered.
func TestLongPollLimit(t *testing.T) {
	const bound = 2
	e := newEnv(t, func(c *Config) { c.MaxLongPolls = bound; c.WaitMax = 10 * time.Second }, nil)
	polls := startLongPolls(t, e, "lp", bound)
	e.call(t, "GET", e.transaction+"/transactions/lp-x?wait=10s", "").expectProblem(t, CodeOverloaded)
	if n := e.obs.overloadedCount(); n != 1 {
		t.Fatalf("overloaded counted %d, want 1", n)
	}
	e.call(t, "GET", e.transaction+"/transactions/lp-x", "").expectProblem(t, CodeTransactionNotFound)
	e.call(t, "GET", e.transaction+"/transactions/lp-x?wait=0s", "").expectProblem(t, CodeTransactionNotFound)
	e.call(t, "GET", e.transaction+"/transactions/lp-x?wait=soon", "").expectProblem(t, CodeInvalidQuery)
	e.call(t, "POST", e.transaction+"/transactions", txBody).expect(t, http.StatusCreated)
	polls.finish(t)
	startLongPolls(t, e, "again", bound).finish(t)
}

// longPolls are long polls started by startLongPolls.
type longPolls struct {
	e       *env
	ids     []string
	answers chan error
}

// startLongPolls starts n long polls of unknown ids prefix-0 … and returns
// once all of them wait.
func startLongPolls(t *testing.T, e *env, prefix string, n int) *longPolls {
	t.Helper()
	lp := &longPolls{e: e, answers: make(chan error, n)}
	before := e.txs.waiting.Load()
	for i := range n {
		id := fmt.Sprintf("%s-%d", prefix, i)
		lp.ids = append(lp.ids, id)
		go func() {
			a, err := e.send("GET", e.transaction+"/transactions/"+id+"?wait=10s", "")
			if err == nil && a.status != http.StatusOK {
				err = fmt.Errorf("long poll of %s: %d %s", id, a.status, a.body)
			}
			lp.answers <- err
		}()
	}
	testenv.Eventually(t, 5*time.Second, func() bool { return e.txs.waiting.Load() == before+int64(n) }, "%d long polls waiting", n)
	return lp
}

// finish completes the polled transactions and checks every answer.
func (lp *longPolls) finish(t *testing.T) {
	t.Helper()
	for _, id := range lp.ids {
		lp.e.txs.finish(record(id, 2, domain.StatusCompleted))
	}
	for range lp.ids {
		if err := <-lp.answers; err != nil {
			t.Error(err)
		}
	}
}
