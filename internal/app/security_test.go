package app

import (
	"context"
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/internal/tlsfiles"
)

// TestSecuredProcess runs a dev process with API keys and mutual TLS on
// every listener: plain HTTP and a client without a certificate are
// refused; over mutual TLS a POST without a key is 401, with a read key
// 403, with a write key 201; /metrics of the process address needs ops
// while /healthz stays open; and a key whose line is removed from the
// file is refused without a restart.
func TestSecuredProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	p := testenv.NewPKI(t)
	file := filepath.Join(t.TempDir(), "keys.jsonl")
	writer := testenv.NewAPIKey(t, file, "writer", auth.TransactionsWrite)
	reader := testenv.NewAPIKey(t, file, "reader", auth.TransactionsRead)
	cfg := testConfig(t, nil, nil, "")
	cfg.Security = Security{APIKeys: file, TLS: tlsfiles.ServerFiles{Cert: p.ServerCert, Key: p.ServerKey, ClientCA: p.CA}}
	a, err := New(context.Background(), ModeDev, cfg, Options{Log: discard()})
	if err != nil {
		t.Fatal(err)
	}
	start(t, a)
	testenv.Eventually(t, 60*time.Second, a.Ready, "not ready: %v", a.NotReady)
	addrs := a.Addresses()
	mtls := client(p.ClientTLS(t))

	t.Run("HTTPS only, with a client certificate", func(t *testing.T) {
		for _, addr := range []string{addrs.Transaction, addrs.Converter, addrs.Manager, addrs.Metrics} {
			if code, err := get(client(nil), "http://"+addr+"/healthz", ""); err == nil && code == http.StatusOK {
				t.Errorf("%s answers plain HTTP", addr)
			}
			if _, err := get(client(p.TrustOnly()), "https://"+addr+"/healthz", ""); err == nil {
				t.Errorf("%s lets a client without a certificate in", addr)
			}
			if code, err := get(mtls, "https://"+addr+"/healthz", ""); err != nil || code != http.StatusOK {
				t.Errorf("%s over mutual TLS: %d, %v", addr, code, err)
			}
		}
	})
	t.Run("keys and scopes", func(t *testing.T) {
		url := "https://" + addrs.Transaction + "/transactions"
		for _, tc := range []struct {
			name, key string
			want      int
		}{{"no key", "", http.StatusUnauthorized}, {"read key", reader, http.StatusForbidden}, {"write key", writer, http.StatusCreated}} {
			if code := post(t, mtls, url, tc.key, `{"id":"sec-1","amount":"10.00","currency":"EUR"}`); code != tc.want {
				t.Errorf("POST with %s: %d, want %d", tc.name, code, tc.want)
			}
		}
		if code, err := get(mtls, "https://"+addrs.Metrics+"/metrics", ""); err != nil || code != http.StatusUnauthorized {
			t.Errorf("/metrics without a key: %d, %v; want 401", code, err)
		}
	})
	t.Run("revoked without a restart", func(t *testing.T) {
		url := "https://" + addrs.Transaction + "/transactions/sec-1"
		if code, _ := get(mtls, url, reader); code != http.StatusOK {
			t.Fatalf("GET with the read key: %d before its revocation", code)
		}
		removeKeyLine(t, file, "reader")
		testenv.Eventually(t, 10*time.Second, func() bool {
			code, _ := get(mtls, url, reader)
			return code == http.StatusUnauthorized
		}, "the removed key is still let in")
	})
}

// removeKeyLine rewrites file without the record named name, by a rename.
func removeKeyLine(t *testing.T, file, name string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for line := range strings.Lines(string(data)) {
		if !strings.Contains(line, `"name":"`+name+`"`) {
			kept = append(kept, line)
		}
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(kept, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
}

func client(cfg *tls.Config) *http.Client {
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
}

func get(c *http.Client, url, key string) (int, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	return do(c, req, key)
}

func post(t *testing.T, c *http.Client, url, key, body string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	code, err := do(c, req, key)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	return code
}

func do(c *http.Client, req *http.Request, key string) (int, error) {
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
