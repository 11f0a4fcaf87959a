package admin

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/internal/testenv"
)

// TestAdminAccess: with keys, /metrics and the monitor need a key with
// ops (401 without a valid one, 403 without the scope); /healthz and
// /readyz stay open for the probes, and the console is passed on without
// a header (it asks for its own login).
func TestAdminAccess(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys.jsonl")
	ops := testenv.NewAPIKey(t, file, "ops", auth.Ops)
	writer := testenv.NewAPIKey(t, file, "writer", auth.TransactionsWrite)
	keys, err := auth.Open(auth.Config{File: file})
	if err != nil {
		t.Fatal(err)
	}
	h := routes(Config{
		Registry: prometheus.NewRegistry(), NotReady: func() []string { return nil }, Auth: keys,
		Goka:    http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }),
		Console: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) }),
	})
	tests := []struct {
		path, key string
		want      int
	}{
		{"/metrics", "", http.StatusUnauthorized},
		{"/metrics", "txs_not-a-key-at-all-but-well-formed-0123456789ab", http.StatusUnauthorized},
		{"/metrics", writer, http.StatusForbidden},
		{"/metrics", ops, http.StatusOK},
		{MonitorPrefix + "/monitor/", "", http.StatusUnauthorized},
		{MonitorPrefix + "/monitor/", writer, http.StatusForbidden},
		{MonitorPrefix + "/monitor/", ops, http.StatusOK},
		{"/healthz", "", http.StatusOK},
		{ConsolePrefix + "/", "", http.StatusTeapot},
		{ConsolePrefix + "/login", "", http.StatusTeapot},
		{"/readyz", "", http.StatusOK},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		if tt.key != "" {
			req.Header.Set("Authorization", "Bearer "+tt.key)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("GET %s (key given: %t): %d, want %d", tt.path, tt.key != "", rec.Code, tt.want)
		}
		if rec.Code == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("GET %s: 401 without WWW-Authenticate", tt.path)
		}
	}
}
