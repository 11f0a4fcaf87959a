package testenv

import (
	"testing"
	"time"

	"github.com/txstream/txstream/edge/auth"
)

// NewAPIKey appends a fresh key named name with scopes to the key file
// (created if missing), as txstream apikey new does, and returns the key.
func NewAPIKey(t testing.TB, file, name string, scopes ...auth.Scope) string {
	t.Helper()
	key, rec, err := auth.NewRecord(name, auth.SetOf(scopes...), time.Now())
	if err != nil {
		t.Fatalf("new API key %s: %v", name, err)
	}
	if err := auth.AppendRecord(file, rec); err != nil {
		t.Fatalf("append API key %s: %v", name, err)
	}
	return key
}
