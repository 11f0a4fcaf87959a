package edge

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/txstream/txstream/edge/auth"
)

// logBuffer collects a logger's JSON lines in a file: the services log
// from their own goroutines, and each line is one write.
type logBuffer struct{ path string }

func (b *logBuffer) String() string {
	data, _ := os.ReadFile(b.path)
	return string(data)
}

// lines decodes the lines whose msg is msg.
func (b *logBuffer) lines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		var m map[string]any
		if l == "" {
			continue
		}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

func newLogBuffer(t *testing.T) (*logBuffer, *slog.Logger) {
	t.Helper()
	b := &logBuffer{path: filepath.Join(t.TempDir(), "log.jsonl")}
	f, err := os.Create(b.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return b, slog.New(slog.NewJSONHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestAuditLines: each write logs one audit line with the key's name and
// key id, the route template, the id and the status, also when the write
// is refused for its scope or its body; reads log none, nor do requests
// without a valid key. No key's text is in any log line or answer.
func TestAuditLines(t *testing.T) {
	keys := newTestKeys(t)
	logs, logger := newLogBuffer(t)
	e := newEnv(t, func(c *Config) { c.Auth, c.Logger = keys.auth, logger }, nil)
	writer := keys.only[auth.TransactionsWrite]
	writerP := keys.auth["Bearer "+writer]
	var answers []answer
	call := func(method, url, body, key string) answer {
		a := e.call(t, method, url, body, bearerHeader(key)...)
		answers = append(answers, a)
		return a
	}
	call("POST", e.transaction+"/transactions", writeBodies[routeTransactions], writer).expect(t, http.StatusCreated)
	call("POST", e.transaction+"/transactions", `{"id":"tx-bad","amount":"x","currency":"USD"}`, writer).expect(t, http.StatusBadRequest)
	call("PUT", e.converter+"/rates/JPY", writeBodies[routeRate], keys.allBut[auth.RatesWrite]).expectProblem(t, CodeInsufficientScope)
	call("PUT", e.converter+"/rates/JPY", writeBodies[routeRate], keys.only[auth.RatesWrite]).expect(t, http.StatusOK)
	call("POST", e.converter+"/convert", writeBodies[routeConvert], keys.unknown).expectProblem(t, CodeUnauthorized)
	seedForRoutes(e)
	call("GET", e.transaction+"/transactions/tx-1", "", keys.only[auth.TransactionsRead]).expect(t, http.StatusOK)

	got := logs.lines(t, "audit")
	want := []struct {
		service, name, route, idKey, id string
		status                          float64
	}{
		{"transaction", writerP.Name, routeTransactions, "id", "tx-new", 201},
		{"transaction", writerP.Name, routeTransactions, "", "", 400},
		{"converter", keys.auth["Bearer "+keys.allBut[auth.RatesWrite]].Name, routeRate, "code", "JPY", 403},
		{"converter", keys.auth["Bearer "+keys.only[auth.RatesWrite]].Name, routeRate, "code", "JPY", 200},
	}
	if len(got) != len(want) {
		t.Fatalf("%d audit lines, want %d:\n%s", len(got), len(want), logs)
	}
	for i, w := range want {
		l := got[i]
		key, _ := l["key"].(map[string]any)
		if l["level"] != "INFO" || l["service"] != w.service || key["name"] != w.name || l["route"] != w.route || l["status"] != w.status {
			t.Errorf("audit line %d: %v, want %+v", i, l, w)
		}
		if id, _ := key["key_id"].(string); len(id) != 8 || id != keys.auth[keyOf(keys, w.name)].KeyID {
			t.Errorf("audit line %d: key id %v", i, key["key_id"])
		}
		if w.idKey != "" && l[w.idKey] != w.id {
			t.Errorf("audit line %d: %s %v, want %s", i, w.idKey, l[w.idKey], w.id)
		}
	}
	expectNoKeys(t, keys.all(), logs.String(), answers)
}

// keyOf is the header of the key named name.
func keyOf(keys testKeys, name string) string {
	for h, p := range keys.auth {
		if p.Name == name {
			return h
		}
	}
	return ""
}

// TestAuditAnonymous: without Auth, writes are audited as anonymous.
func TestAuditAnonymous(t *testing.T) {
	logs, logger := newLogBuffer(t)
	e := newEnv(t, func(c *Config) { c.Logger = logger }, nil)
	e.call(t, "POST", e.converter+"/convert", writeBodies[routeConvert]).expect(t, http.StatusOK)
	got := logs.lines(t, "audit")
	if len(got) != 1 || got[0]["key"] != "anonymous" || got[0]["id"] != "cv-new" || got[0]["route"] != routeConvert || got[0]["status"] != float64(200) {
		t.Fatalf("audit lines %v", got)
	}
}

// expectNoKeys fails if any key, or its secret part, is in the log or in
// an answer's headers or body.
func expectNoKeys(t *testing.T, keys []string, log string, answers []answer) {
	t.Helper()
	for _, k := range keys {
		secret := strings.TrimPrefix(k, "txs_")
		if strings.Contains(log, secret) {
			t.Errorf("a key is in the log")
		}
		for _, a := range answers {
			if strings.Contains(string(a.body), secret) || strings.Contains(strings.Join(headerValues(a.header), "\n"), secret) {
				t.Errorf("a key is in an answer: %d %s", a.status, a.body)
			}
		}
	}
}

func headerValues(h http.Header) []string {
	var out []string
	for name, vs := range h {
		for _, v := range vs {
			out = append(out, name+": "+v)
		}
	}
	return out
}

// TestAuditBatchAndPut: a batch is audited one line per item, with the
// item's index, id and status; a PUT as POST, its id from the path.
func TestAuditBatchAndPut(t *testing.T) {
	keys := newTestKeys(t)
	logs, logger := newLogBuffer(t)
	e := newEnv(t, func(c *Config) { c.Auth, c.Logger = keys.auth, logger }, nil)
	writer := keys.only[auth.TransactionsWrite]
	batch := batchOf(txItem("a-1"), `{"id":"a-2","amount":"x","currency":"USD"}`)
	e.call(t, "POST", e.transaction+"/transactions/batch", batch, bearerHeader(writer)...).expect(t, http.StatusOK)
	e.call(t, "PUT", e.transaction+"/transactions/a-3", `{"amount":"1","currency":"USD"}`, bearerHeader(writer)...).expect(t, http.StatusCreated)
	e.call(t, "POST", e.transaction+"/transactions/batch", batch, bearerHeader(keys.only[auth.TransactionsRead])...).expectProblem(t, CodeInsufficientScope)

	got := logs.lines(t, "audit")
	want := []struct {
		route, id string
		item      any
		status    float64
	}{
		{routeTransactionsBatch, "a-1", float64(0), 201},
		{routeTransactionsBatch, "a-2", float64(1), 400},
		{routeTransaction, "a-3", nil, 201},
		{routeTransactionsBatch, "", nil, 403},
	}
	if len(got) != len(want) {
		t.Fatalf("%d audit lines, want %d:\n%s", len(got), len(want), logs)
	}
	for i, w := range want {
		l := got[i]
		if l["route"] != w.route || l["status"] != w.status || l["item"] != w.item || (w.id != "" && l["id"] != w.id) {
			t.Errorf("audit line %d: %v, want %+v", i, l, w)
		}
	}
}
