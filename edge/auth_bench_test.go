package edge

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/edge/ratelimit"
)

// benchKeys is the number of keys in the benchmark's key file: the
// lookup is by hash in a map, so the count should not matter; a file of
// many keys shows that it does not.
const benchKeys = 1000

// BenchmarkServeRouteAuth measures the cost of authentication on the
// ingest path (BENCHMARKS.md, "Authentication on the ingest path"): POST
// /transactions through the handler, as BenchmarkServeRoute, with keys
// off (Config.Auth nil), on (a real auth.Keys over a key file, the
// request carrying a key with transactions:write), and on with a rate
// limit that never refuses (the RateLimit fields on every answer).
func BenchmarkServeRouteAuth(b *testing.B) {
	key, keys := benchKeyFile(b)
	limiter, err := ratelimit.New(ratelimit.Config{Rate: 1e12})
	if err != nil {
		b.Fatal(err)
	}
	post := routeCase{"post_transaction", "POST", "/transactions", `{"id":"tx-1","amount":"10.50","currency":"USD"}`, 201, ""}
	modes := []struct {
		name    string
		auth    Authenticator
		limiter Limiter
		header  string
	}{
		{"keys_off", nil, nil, ""},
		{"keys_on", keys, nil, "Bearer " + key},
		{"keys_on_limited", keys, limiter, "Bearer " + key},
	}
	for _, m := range modes {
		tables := newFakeTables()
		tables.putTransaction(record("tx-1", 1, domain.StatusReceived))
		cfg := testConfig()
		cfg.Auth, cfg.Limiter = m.auth, m.limiter
		s, err := NewTransactionService(cfg, newFakeTransactions(tables), tables, nil)
		if err != nil {
			b.Fatal(err)
		}
		rc := post
		rc.authorization = m.header
		b.Run(m.name, func(b *testing.B) { benchRoute(b, s, rc) })
	}
}

// benchKeyFile writes a key file of benchKeys keys and opens it; the
// returned key holds transactions:write.
func benchKeyFile(b *testing.B) (string, *auth.Keys) {
	b.Helper()
	var data []byte
	var key string
	for i := range benchKeys {
		k, rec, err := auth.NewRecord(fmt.Sprintf("bench-%d", i), auth.SetOf(auth.TransactionsWrite), time.Now())
		if err != nil {
			b.Fatal(err)
		}
		line, err := rec.MarshalLine()
		if err != nil {
			b.Fatal(err)
		}
		data = append(append(data, line...), '\n')
		key = k
	}
	path := filepath.Join(b.TempDir(), "keys.jsonl")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	keys, err := auth.Open(auth.Config{File: path})
	if err != nil {
		b.Fatal(err)
	}
	return key, keys
}
