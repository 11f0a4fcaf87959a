package main

import (
	"testing"

	"github.com/txstream/txstream/edge/auth"
)

// TestBenchKeyFile: the key file --auth hands the server authenticates the
// key the bench sends, with the scopes of its requests and /metrics.
func TestBenchKeyFile(t *testing.T) {
	file, key, err := benchKeyFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keys, err := auth.Open(auth.Config{File: file})
	if err != nil {
		t.Fatal(err)
	}
	p, err := keys.Authenticate([]byte(bearer(key)))
	if err != nil {
		t.Fatalf("the bench's key is refused: %v", err)
	}
	for _, s := range []auth.Scope{auth.TransactionsWrite, auth.TransactionsRead, auth.Ops} {
		if !p.Allows(s) {
			t.Errorf("the bench's key lacks %s", s)
		}
	}
}
