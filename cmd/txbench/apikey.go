package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/txstream/txstream/edge/auth"
)

// apiKeyEnv holds a key for "txbench load" against a server with keys.
const apiKeyEnv = "TXSTREAM_BENCH_API_KEY"

// benchKeyScopes are what the bench's requests need: POST and long-poll
// GET of transactions, and /metrics (the lag watch).
var benchKeyScopes = auth.SetOf(auth.TransactionsWrite, auth.TransactionsRead, auth.Ops)

// benchKeyFile writes a key file in dir with one fresh key, as
// "txstream apikey new" does, for a server started with --api-keys; it
// returns the file and the key.
func benchKeyFile(dir string) (file, key string, err error) {
	key, rec, err := auth.NewRecord("txbench", benchKeyScopes, time.Now())
	if err != nil {
		return "", "", fmt.Errorf("bench key: %w", err)
	}
	file = filepath.Join(dir, "api-keys.jsonl")
	if err := auth.AppendRecord(file, rec); err != nil {
		return "", "", fmt.Errorf("bench key: %w", err)
	}
	return file, key, nil
}

// bearer is the Authorization value of key; "" for none.
func bearer(key string) string {
	if key == "" {
		return ""
	}
	return "Bearer " + key
}

// envAPIKey is TXSTREAM_BENCH_API_KEY, or "".
func envAPIKey() string { return os.Getenv(apiKeyEnv) }
