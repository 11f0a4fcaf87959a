package edge

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/internal/testenv"
)

// TestRevocationWithoutRestart: a real auth.Keys on a key file in a temp
// directory; deleting a key's line revokes it on the running services (its
// requests turn 401), and the key left in the file keeps working.
func TestRevocationWithoutRestart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "keys.jsonl")
	revoked, revokedRec := newRecord(t, "to-revoke")
	kept, keptRec := newRecord(t, "kept")
	writeKeyFile(t, path, revokedRec, keptRec)
	keys, err := auth.Open(auth.Config{File: path, Debounce: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- keys.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	e := newEnv(t, func(c *Config) { c.Auth = keys }, nil)
	url := e.converter + "/rates"
	e.call(t, "GET", url, "", bearerHeader(revoked)...).expect(t, http.StatusOK)
	writeKeyFile(t, path, keptRec)
	testenv.Eventually(t, 10*time.Second, func() bool {
		return e.call(t, "GET", url, "", bearerHeader(revoked)...).status == http.StatusUnauthorized
	}, "the revoked key refused")
	e.call(t, "GET", url, "", bearerHeader(revoked)...).expectProblem(t, CodeUnauthorized)
	e.call(t, "GET", url, "", bearerHeader(kept)...).expect(t, http.StatusOK)
}

func newRecord(t *testing.T, name string) (string, auth.Record) {
	t.Helper()
	key, rec, err := auth.NewRecord(name, auth.SetOf(auth.ConversionsRead), time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return key, rec
}

// writeKeyFile replaces the key file with recs, by a rename, as editors
// and configuration tools do.
func writeKeyFile(t *testing.T, path string, recs ...auth.Record) {
	t.Helper()
	var data []byte
	for _, r := range recs {
		line, err := r.MarshalLine()
		if err != nil {
			t.Fatal(err)
		}
		data = append(append(data, line...), '\n')
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}
