package edge

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// batchOf is the envelope of items.
func batchOf(items ...string) string {
	return `{"transactions":[` + strings.Join(items, ",") + `]}`
}

// txItem is a valid item of id.
func txItem(id string) string {
	return fmt.Sprintf(`{"id":%q,"amount":"10.50","currency":"USD"}`, id)
}

// results decodes a batch's 200.
func (a answer) results(t *testing.T) []itemResult {
	t.Helper()
	a.expect(t, http.StatusOK)
	var body struct {
		Results []itemResult `json:"results"`
	}
	if err := json.Unmarshal(a.body, &body); err != nil {
		t.Fatalf("batch answer: %v: %s", err, a.body)
	}
	return body.Results
}

// hundred is a batch of 100 items with distinct ids.
func hundred(prefix string) (string, []string) {
	ids := make([]string, 100)
	items := make([]string, 100)
	for i := range ids {
		ids[i] = fmt.Sprintf("%s-%03d", prefix, i)
		items[i] = txItem(ids[i])
	}
	return batchOf(items...), ids
}

// TestBatch: a batch of 100 is 100 created transactions, answered in
// request order; the same batch again is 100 replays, and nothing more
// reaches the actors' store.
func TestBatch(t *testing.T) {
	e := newEnv(t, nil, nil)
	url := e.transaction + "/transactions/batch"
	body, ids := hundred("b")

	first := e.call(t, "POST", url, body).results(t)
	expectResults(t, first, ids, http.StatusCreated, false)
	if n := e.txs.submitted(); n != 100 {
		t.Fatalf("%d transactions submitted, want 100", n)
	}
	again := e.call(t, "POST", url, body).results(t)
	expectResults(t, again, ids, http.StatusCreated, true)
	if n := e.txs.submitted(); n != 100 {
		t.Fatalf("%d transactions after the replay, want 100", n)
	}
	if got := e.obs.batches; len(got) != 2 || got[0] != (BatchCounts{Created: 100}) || got[1] != (BatchCounts{Replayed: 100}) {
		t.Fatalf("observed batches %+v", got)
	}
}

func expectResults(t *testing.T, got []itemResult, ids []string, status int, replayed bool) {
	t.Helper()
	if len(got) != len(ids) {
		t.Fatalf("%d results, want %d", len(got), len(ids))
	}
	for i, r := range got {
		if r.ID != ids[i] || r.Status != status || r.Replayed != replayed || r.Problem != nil {
			t.Fatalf("result %d: %+v, want id %s status %d replayed %v", i, r, ids[i], status, replayed)
		}
	}
}

// TestBatchItemRefusals: a bad item is refused alone, with the problem a
// POST of it would have had; the others are created.
func TestBatchItemRefusals(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxBodyBytes = 1024 }, nil)
	url := e.transaction + "/transactions/batch"
	cases := []struct {
		name, item string
		code       Code
		id         string
	}{
		{"bad amount", `{"id":"bad-1","amount":"x","currency":"USD"}`, CodeInvalidAmount, "bad-1"},
		{"unknown field", `{"id":"bad-2","amount":"1","currency":"USD","extra":1}`, CodeUnknownField, "bad-2"},
		{"missing id", `{"amount":"1","currency":"USD"}`, CodeMissingField, ""},
		{"not an object", `[1]`, CodeWrongType, ""},
		{"item over the body limit", `{"id":"bad-3","amount":"1","currency":"USD","metadata":{"k":"` + strings.Repeat("x", 2000) + `"}}`, CodeBodyTooLarge, "bad-3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pre := strings.ReplaceAll(tc.name, " ", "-")
			got := e.call(t, "POST", url, batchOf(txItem(pre+"-a"), tc.item, txItem(pre+"-b"))).results(t)
			if len(got) != 3 || got[0].Status != 201 || got[2].Status != 201 || got[0].ID != pre+"-a" || got[2].ID != pre+"-b" {
				t.Fatalf("results %+v", got)
			}
			_, entry := Lookup(tc.code)
			bad := got[1]
			if bad.Status != entry.Status || bad.ID != tc.id || bad.Problem == nil || bad.Problem.Code != tc.code ||
				bad.Problem.Status != entry.Status || bad.Problem.Error != entry.Title {
				t.Fatalf("refused item %+v (problem %+v), want %s", bad, bad.Problem, tc.code)
			}
		})
	}
}

// TestBatchConflictsAndFailures: an item whose id was used with another
// body is 409, as alone; two items of one id in one batch are the first
// and its replay or conflict; a failing dependency fails the items, with
// the failure's problem, and the batch is still answered; a panic fails
// its item only.
func TestBatchConflictsAndFailures(t *testing.T) {
	e := newEnv(t, nil, nil)
	url := e.transaction + "/transactions/batch"
	e.call(t, "POST", e.transaction+"/transactions", txItem("c-1")).expect(t, http.StatusCreated)
	other := `{"id":"c-1","amount":"99","currency":"USD"}`
	got := e.call(t, "POST", url, batchOf(other, txItem("c-2"), txItem("c-2"), `{"id":"c-2","amount":"1","currency":"EUR"}`)).results(t)
	want := []struct {
		status   int
		replayed bool
	}{{409, false}, {201, false}, {201, true}, {409, false}}
	for i, w := range want {
		if got[i].Status != w.status || got[i].Replayed != w.replayed {
			t.Fatalf("result %d: %+v, want %+v", i, got[i], w)
		}
	}
	if got[0].Problem == nil || got[0].Problem.Code != CodeConflict {
		t.Fatalf("conflict's problem %+v", got[0].Problem)
	}

	e.txs.panicOn = "boom"
	got = e.call(t, "POST", url, batchOf(`{"id":"boom","amount":"1","currency":"USD"}`, txItem("c-3"))).results(t)
	if got[0].Status != http.StatusInternalServerError || got[0].Problem.Code != CodeInternal || got[1].Status != http.StatusCreated {
		t.Fatalf("a panicking item's batch: %+v", got)
	}

	e.txs.setErr(errUnavailable)
	got = e.call(t, "POST", url, batchOf(txItem("u-1"))).results(t)
	if got[0].Status != http.StatusServiceUnavailable || got[0].Problem.Code != CodeUnavailable {
		t.Fatalf("unavailable item %+v", got[0])
	}
}

// TestBatchEnvelopeRefusals: a malformed envelope, or one over the item
// limit, is refused whole and no item reaches the actors.
func TestBatchEnvelopeRefusals(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxBatch = 3; c.MaxBodyBytes = 1024; c.MaxBatchBodyBytes = 4096 }, nil)
	url := e.transaction + "/transactions/batch"
	cases := []struct {
		name, body string
		code       Code
	}{
		{"malformed", `{"transactions":[` + txItem("e-1"), CodeMalformedJSON},
		{"not an object", `[` + txItem("e-1") + `]`, CodeWrongType},
		{"not an array", `{"transactions":` + txItem("e-1") + `}`, CodeWrongType},
		{"missing", `{}`, CodeMissingField},
		{"unknown member", `{"transactions":[],"atomic":true}`, CodeUnknownField},
		{"duplicate member", `{"transactions":[],"transactions":[` + txItem("e-1") + `]}`, CodeDuplicateField},
		{"over the item limit", batchOf(txItem("e-1"), txItem("e-2"), txItem("e-3"), txItem("e-4")), CodeBatchTooLarge},
		{"over the body limit", batchOf(`{"id":"e-1","amount":"1","currency":"USD","metadata":{"k":"` + strings.Repeat("x", 5000) + `"}}`), CodeBodyTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.call(t, "POST", url, tc.body).expectProblem(t, tc.code)
		})
	}
	if n := e.txs.calls.Load(); n != 0 {
		t.Fatalf("%d items of refused batches reached the actors", n)
	}
	t.Run("the batch limit is the batch route's only", func(t *testing.T) {
		body := `{"id":"e-5","amount":"1","currency":"USD","metadata":{"k":"` + strings.Repeat("x", 20<<10) + `"}}`
		e.call(t, "POST", e.transaction+"/transactions", body).expectProblem(t, CodeBodyTooLarge)
	})
	t.Run("an empty batch is an empty answer", func(t *testing.T) {
		if got := e.call(t, "POST", url, batchOf()).results(t); len(got) != 0 {
			t.Fatalf("results %+v", got)
		}
	})
}

// TestPutTransaction: PUT /transactions/{id} answers as POST does: 201,
// a replay marked Idempotent-Replayed (also of a POST of the same body),
// 409 for another body; an id in the body must be the path's.
func TestPutTransaction(t *testing.T) {
	e := newEnv(t, nil, nil)
	url := e.transaction + "/transactions/p-1"
	body := `{"amount":"10.50","currency":"USD"}`

	first := e.call(t, "PUT", url, body).expect(t, http.StatusCreated)
	if first.header.Get("Location") != "/transactions/p-1" || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("headers %v", first.header)
	}
	if tx := first.object(t)["transaction"].(map[string]any); tx["id"] != "p-1" {
		t.Fatalf("transaction %v", tx)
	}
	for name, again := range map[string]string{
		"replay":                 body,
		"replay naming the id":   `{"id":"p-1","amount":"10.50","currency":"USD"}`,
		"replay of another kind": "POST",
	} {
		t.Run(name, func(t *testing.T) {
			var a answer
			if again == "POST" {
				a = e.call(t, "POST", e.transaction+"/transactions", `{"id":"p-1","amount":"10.50","currency":"USD"}`)
			} else {
				a = e.call(t, "PUT", url, again)
			}
			if a.expect(t, http.StatusCreated).header.Get("Idempotent-Replayed") != "true" {
				t.Fatalf("not marked a replay: %v", a.header)
			}
		})
	}
	t.Run("conflict", func(t *testing.T) {
		p := e.call(t, "PUT", url, `{"amount":"11","currency":"USD"}`).expectProblem(t, CodeConflict)
		if p.Instance != "/transactions/p-1" {
			t.Fatalf("instance %q", p.Instance)
		}
	})
	t.Run("id mismatch", func(t *testing.T) {
		calls := e.txs.calls.Load()
		p := e.call(t, "PUT", e.transaction+"/transactions/p-2", `{"id":"p-3","amount":"1","currency":"USD"}`).expectProblem(t, CodeIDMismatch)
		if p.Field != "id" || e.txs.calls.Load() != calls {
			t.Fatalf("problem %+v; reached the actors: %v", p, e.txs.calls.Load() != calls)
		}
	})
	t.Run("bad path id", func(t *testing.T) {
		e.call(t, "PUT", e.transaction+"/transactions/p%203", body).expectProblem(t, CodeInvalidID)
	})
}
