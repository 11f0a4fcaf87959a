package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLogin: without a session every page sends to the login form; a
// key that is not valid is refused there; a valid one is kept in an
// HttpOnly, SameSite=Strict cookie for the console's paths; signing out
// forgets it.
func TestLogin(t *testing.T) {
	s := newSite(t, true, nil)
	c := client(t)
	for _, path := range []string{"/console/", "/console/log", "/console/transactions/x", "/console/live", "/console/deadletters"} {
		if a := get(t, c, s.url+path); a.status != http.StatusSeeOther || a.header.Get("Location") != "/console/login" {
			t.Fatalf("GET %s without a session: %d to %q, want 303 to the login", path, a.status, a.header.Get("Location"))
		}
	}
	if a := s.login(t, c, "txs_not-a-key-at-all-but-well-formed-0123456789ab"); a.status != http.StatusUnauthorized {
		t.Fatalf("a key that is not valid: %d", a.status)
	}
	a := s.login(t, c, s.keys["reader"])
	if a.status != http.StatusSeeOther {
		t.Fatalf("a valid key: %d", a.status)
	}
	set := a.header.Get("Set-Cookie")
	for _, want := range []string{sessionCookie + "=", "HttpOnly", "SameSite=Strict", "Path=/console/"} {
		if !strings.Contains(set, want) {
			t.Fatalf("Set-Cookie %q lacks %s", set, want)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Fatalf("Set-Cookie %q: Secure without TLS, the browser would drop it", set)
	}
	home := get(t, c, s.url+"/console/")
	if home.status != http.StatusOK || !strings.Contains(home.body, "reader") {
		t.Fatalf("home after login: %d", home.status)
	}
	post(t, c, s.url+"/console/logout", url.Values{"csrf": {home.token(t)}})
	if a := get(t, c, s.url+"/console/"); a.status != http.StatusSeeOther {
		t.Fatalf("home after logout: %d, want 303 to the login", a.status)
	}
}

// TestSecureCookieUnderTLS: under TLS the cookies are Secure.
func TestSecureCookieUnderTLS(t *testing.T) {
	s := newSite(t, true, func(c *Config) { c.TLS = true })
	a := s.login(t, client(t), s.keys["reader"])
	if set := a.header.Values("Set-Cookie"); len(set) == 0 || !strings.Contains(strings.Join(set, ";"), "Secure") {
		t.Fatalf("Set-Cookie %q under TLS, want Secure", set)
	}
}

// TestScopes: each page needs the scope of the API route it mirrors; a
// key without it is refused with a page that names it, and a replay
// needs deadletters:write, not ops alone.
func TestScopes(t *testing.T) {
	s := newSite(t, true, nil)
	reader, ops, replayer := client(t), client(t), client(t)
	s.login(t, reader, s.keys["reader"])
	s.login(t, ops, s.keys["ops"])
	s.login(t, replayer, s.keys["replayer"])
	s.tables.add("tx-1", "received", testNow)
	tests := []struct {
		c      *http.Client
		path   string
		status int
		names  string
	}{
		{reader, "/console/transactions/tx-1", http.StatusOK, ""},
		{reader, "/console/log", http.StatusOK, ""},
		{reader, "/console/deadletters", http.StatusForbidden, "ops"},
		{reader, "/console/live", http.StatusForbidden, "ops"},
		{reader, "/console/rates", http.StatusForbidden, "conversions:read"},
		{ops, "/console/transactions/tx-1", http.StatusForbidden, "transactions:read"},
		{ops, "/console/deadletters", http.StatusOK, ""},
	}
	for _, tt := range tests {
		a := get(t, tt.c, s.url+tt.path)
		if a.status != tt.status || !strings.Contains(a.body, tt.names) {
			t.Errorf("GET %s: %d, want %d naming %q", tt.path, a.status, tt.status, tt.names)
		}
	}
	page := get(t, ops, s.url+"/console/deadletters")
	if strings.Contains(page.body, `class="replay"`) {
		t.Fatal("a replay button for a key without deadletters:write")
	}
	if a := post(t, ops, s.url+"/console/deadletters/replay", url.Values{"csrf": {page.token(t)}, "id": {"3"}}); a.status != http.StatusForbidden ||
		!strings.Contains(a.body, "deadletters:write") || s.letters.count() != 0 {
		t.Fatalf("a replay with ops alone: %d, %d replays", a.status, s.letters.count())
	}
	page = get(t, replayer, s.url+"/console/deadletters")
	a := post(t, replayer, s.url+"/console/deadletters/replay", url.Values{"csrf": {page.token(t)}, "id": {"3"}})
	if a.status != http.StatusSeeOther || s.letters.count() != 1 {
		t.Fatalf("a replay with deadletters:write: %d, %d replays", a.status, s.letters.count())
	}
	a = post(t, replayer, s.url+"/console/deadletters/replay", url.Values{"csrf": {page.token(t)}, "id": {"9"}})
	if a.status != http.StatusConflict || !strings.Contains(a.body, "no dead letter at offset 9") || !strings.Contains(a.body, `data-id="3"`) {
		t.Fatalf("a refused replay: %d, want 409 with the reason and the list:\n%s", a.status, a.body)
	}
}

// TestCSRF: a POST without the page's token, with another session's
// token, or from another site is refused and does nothing.
func TestCSRF(t *testing.T) {
	s := newSite(t, true, nil)
	c, other := client(t), client(t)
	s.login(t, c, s.keys["replayer"])
	s.login(t, other, s.keys["replayer"])
	otherToken := get(t, other, s.url+"/console/deadletters").token(t)
	token := get(t, c, s.url+"/console/deadletters").token(t)
	replay := s.url + "/console/deadletters/replay"
	for name, form := range map[string]url.Values{
		"no token":              {"id": {"3"}},
		"another session's one": {"id": {"3"}, "csrf": {otherToken}},
		"a made-up one":         {"id": {"3"}, "csrf": {strings.Repeat("A", len(token))}},
	} {
		if a := post(t, c, replay, form); a.status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, a.status)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, replay, strings.NewReader(url.Values{"id": {"3"}, "csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site POST: %d, want 403", resp.StatusCode)
	}
	if n := s.letters.count(); n != 0 {
		t.Fatalf("%d replays from refused forms", n)
	}
	if a := post(t, c, replay, url.Values{"id": {"3"}, "csrf": {token}}); a.status != http.StatusSeeOther || s.letters.count() != 1 {
		t.Fatalf("with the page's token: %d, %d replays", a.status, s.letters.count())
	}
}

// TestContentSecurityPolicy: every answer, pages, refusals and assets,
// allows only the server's own files, without inline script or style.
func TestContentSecurityPolicy(t *testing.T) {
	s := newSite(t, false, nil)
	c := client(t)
	for _, path := range []string{"/console/", "/console/log", "/console/rates", "/console/transactions/none", "/console/nowhere", "/console/assets/live.js"} {
		a := get(t, c, s.url+path)
		csp := a.header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe") || a.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
	}
}
