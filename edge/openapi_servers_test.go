package edge

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIServersFollowListenAddresses: the document a service serves
// names each service at its configured listen address, a service moved
// onto another's default port included, and an unspecified host as
// localhost.
func TestOpenAPIServersFollowListenAddresses(t *testing.T) {
	cfg := testConfig()
	cfg.TransactionAddr, cfg.ConverterAddr, cfg.ManagerAddr = "127.0.0.1:7001", "[::]:5001", "edge.example:5002"
	tables := newFakeTables()
	s, err := NewTransactionService(cfg, newFakeTransactions(tables), tables, nil)
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := serve(t, s)
	e := &env{client: http.DefaultClient}
	served := e.call(t, "GET", "http://"+addr+"/openapi.json", "").expect(t, http.StatusOK)
	var doc struct {
		Servers []struct{ URL string }
		Paths   map[string]struct{ Servers []struct{ URL string } }
	}
	if err := json.Unmarshal(served.body, &doc); err != nil {
		t.Fatal(err)
	}
	urls := func(servers []struct{ URL string }) []string {
		var out []string
		for _, s := range servers {
			out = append(out, s.URL)
		}
		return out
	}
	all := []string{"http://127.0.0.1:7001", "http://localhost:5001", "http://edge.example:5002"}
	want := map[string][]string{
		"/transactions":     all[:1],
		"/convert":          all[1:2],
		"/transactions/log": all[2:],
		"/healthz":          all,
	}
	for path, w := range want {
		if got := urls(doc.Paths[path].Servers); !slices.Equal(got, w) {
			t.Errorf("%s: servers %v, want %v", path, got, w)
		}
	}
	if got := urls(doc.Servers); !slices.Equal(got, all) {
		t.Errorf("servers %v, want %v", got, all)
	}
}

// TestOpenAPIServersHTTPS: with TLS on the listeners every server URL of
// the document is https, and none is left http.
func TestOpenAPIServersHTTPS(t *testing.T) {
	cfg := testConfig()
	cfg.HTTPS = true
	doc := string(openAPIFor(cfg))
	for _, u := range []string{"https://localhost:5001", "https://localhost:5002", "https://localhost:5003"} {
		if !strings.Contains(doc, `"`+u+`"`) {
			t.Errorf("the document lacks %s", u)
		}
	}
	if strings.Contains(doc, `"http://`) {
		t.Error("an http:// URL is left in the document")
	}
}
