package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	neturl "net/url"
	"slices"
	"strings"
	"testing"

	"github.com/txstream/txstream/edge"
)

// checkProbes: /healthz, /readyz and /metrics on every service, and the
// OpenAPI document, the same on the three, walked against the live
// servers: every documented operation is served by the services its
// servers name, and by no other.
func (s *e2eStack) checkProbes(t *testing.T) {
	t.Helper()
	byPort := map[string]string{"5001": s.tx, "5002": s.conv, "5003": s.mgr}
	// The served document names each service where it listens.
	served := strings.NewReplacer(`"http://localhost:5001"`, `"`+s.tx+`"`, `"http://localhost:5002"`, `"`+s.conv+`"`,
		`"http://localhost:5003"`, `"`+s.mgr+`"`).Replace(string(edge.OpenAPI()))
	for _, base := range byPort {
		for path, want := range map[string]string{"/healthz": `{"status":"ok"}`, "/readyz": `{"status":"ready"}`} {
			if r := s.do(t, http.MethodGet, base+path, "").expect(t, http.StatusOK); string(r.body) != want {
				t.Fatalf("GET %s%s = %s, want %s", base, path, r.body, want)
			}
		}
		if r := s.do(t, http.MethodGet, base+"/metrics", "").expect(t, http.StatusOK); !bytes.Contains(r.body, []byte("txstream_http_requests_total")) {
			t.Fatalf("GET %s/metrics lacks the HTTP families", base)
		}
		if r := s.do(t, http.MethodGet, base+"/openapi.json", "").expect(t, http.StatusOK); string(r.body) != served {
			t.Fatalf("GET %s/openapi.json is not the edge's document with the bound addresses", base)
		}
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage
	}
	if err := json.Unmarshal(edge.OpenAPI(), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Fatalf("document version %q: %v", doc.OpenAPI, err)
	}
	for path, item := range doc.Paths {
		served := servedBy(t, item["servers"], byPort)
		for method := range item {
			if method == "servers" || method == "parameters" {
				continue
			}
			for _, base := range byPort {
				s.checkOperation(t, strings.ToUpper(method), base, path, slices.Contains(served, base))
			}
		}
	}
}

// servedBy maps a path's servers to the stack's base URLs by port.
func servedBy(t *testing.T, raw json.RawMessage, byPort map[string]string) []string {
	t.Helper()
	var servers []struct{ URL string }
	if err := json.Unmarshal(raw, &servers); err != nil || len(servers) == 0 {
		t.Fatalf("path without servers: %s", raw)
	}
	var out []string
	for _, srv := range servers {
		u, err := neturl.Parse(srv.URL)
		if err != nil || byPort[u.Port()] == "" {
			t.Fatalf("server %q is none of the three services", srv.URL)
		}
		out = append(out, byPort[u.Port()])
	}
	return out
}

// checkOperation sends one documented operation with placeholder values:
// where it is served the answer is anything but "no such route" (an
// empty body gets the decoder's 400, an unknown id its 404); elsewhere it
// is a 404 or 405 problem.
func (s *e2eStack) checkOperation(t *testing.T, method, base, path string, served bool) {
	t.Helper()
	concrete := strings.NewReplacer("{id}", "e2e-probe", "{code}", "CHF").Replace(path)
	body := ""
	if method == http.MethodPost || method == http.MethodPut {
		body = "{}"
	}
	// A Last-Event-ID that is no event's id makes the event routes answer
	// at once (400), instead of waiting up to --long-poll-max for the
	// placeholder id or streaming; every other route ignores it.
	r := s.do(t, method, base+concrete, body, "Last-Event-ID", "e2e-probe")
	var p edge.Problem
	_ = json.Unmarshal(r.body, &p)
	routed := r.code != http.StatusMethodNotAllowed && p.Code != edge.CodeRouteNotFound
	switch {
	case served && !routed:
		t.Errorf("%s %s is documented for %s but answered %d %s", method, path, base, r.code, r.body)
	case served && r.code >= 500:
		t.Errorf("%s %s on %s answered %d %s", method, path, base, r.code, r.body)
	case !served && r.code != http.StatusNotFound && r.code != http.StatusMethodNotAllowed:
		t.Errorf("%s %s is not documented for %s but answered %d %s", method, path, base, r.code, r.body)
	}
}
