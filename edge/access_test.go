package edge

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/edge/ratelimit"
)

// TestEveryRouteDeclaresAScope: every route of every service, the
// optional ones included, declares a scope of edge/auth or one of the two
// of access.go, so that no route is open by omission; only the probes of
// orchestrators are open.
func TestEveryRouteDeclaresAScope(t *testing.T) {
	e := newEnv(t, withAllRoutes, nil)
	e.eachRoute(t, func(t *testing.T, _ Service, rt *route) {
		if !declared(rt.scope) {
			t.Fatalf("scope %q is not declared", rt.scope)
		}
		if open := rt.pattern == "/healthz" || rt.pattern == "/readyz"; open != (rt.scope == scopeOpen) {
			t.Fatalf("scope %q: only /healthz and /readyz are open", rt.scope)
		}
		if rt.scope == scopeSelf {
			if rt.audited || !isMount(rt.pattern) {
				t.Fatalf("scope %q: only a mount's pages check their own keys, and the edge audits none of them", rt.scope)
			}
			return
		}
		if write := rt.method == http.MethodPost || rt.method == http.MethodPut || rt.method == http.MethodDelete; rt.audited != write {
			t.Fatalf("%s with scope %q: audited %v; every write, and only a write, has a :write scope", rt.method, rt.scope, rt.audited)
		}
	})
}

// TestRouteAccess drives every route of the route tables: without a key
// 401 with the bare challenge, with an unknown key 401 invalid_token,
// with a key lacking the scope 403 naming it, and with a key holding the
// scope alone the route's own answer, with the RateLimit fields of a
// limiter that never refuses. Open routes answer without a key, unlimited.
func TestRouteAccess(t *testing.T) {
	keys := newTestKeys(t)
	limiter, err := ratelimit.New(ratelimit.Config{Rate: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(c *Config) { withAllRoutes(c); c.Auth, c.Limiter = keys.auth, limiter }, nil)
	seedForRoutes(e)
	e.eachRoute(t, func(t *testing.T, svc Service, rt *route) {
		method, path, body := routeRequest(t, rt)
		url := e.base(svc) + path
		if rt.scope == scopeOpen {
			if a := e.call(t, method, url, body).expect(t, http.StatusOK); a.header.Get(ratelimit.HeaderRateLimit) != "" {
				t.Fatal("an open route is rate limited")
			}
			return
		}
		if rt.scope == scopeSelf {
			// The mounted pages ask for their own login; the edge passes
			// the request on without a header, limited per address.
			if a := e.call(t, method, url, body).expect(t, http.StatusOK); a.header.Get(ratelimit.HeaderRateLimit) == "" {
				t.Fatal("the mounted pages are not rate limited")
			}
			return
		}
		before := e.obs.deniedCount(svc, DenyNoCredentials)
		a := e.call(t, method, url, body)
		a.expectProblem(t, CodeUnauthorized)
		expectChallenge(t, a, challenge)
		if e.obs.deniedCount(svc, DenyNoCredentials) != before+1 {
			t.Errorf("no_credentials not observed")
		}
		a = e.call(t, method, url, body, bearerHeader(keys.unknown)...)
		a.expectProblem(t, CodeUnauthorized)
		expectChallenge(t, a, challenge+`, error="invalid_token"`)
		for _, h := range []string{"Bearer", "Basic dXNlcjpwYXNz", "Bearer " + keys.only[auth.Ops] + " x"} {
			e.call(t, method, url, body, "Authorization", h).expectProblem(t, CodeUnauthorized)
		}
		good := keys.only[auth.Ops] // any valid key, for /openapi.json
		if rt.scope != scopeAnyKey {
			a = e.call(t, method, url, body, bearerHeader(keys.allBut[rt.scope])...)
			p := a.expectProblem(t, CodeInsufficientScope)
			expectChallenge(t, a, challenge+`, error="insufficient_scope", scope="`+string(rt.scope)+`"`)
			if !strings.Contains(p.Detail, string(rt.scope)) {
				t.Errorf("403 detail %q does not name the scope", p.Detail)
			}
			good = keys.only[rt.scope]
		}
		if a = e.call(t, method, url, body, bearerHeader(good)...); a.status >= 300 {
			t.Fatalf("with the scope: %d %s", a.status, a.body)
		}
		if a.header.Get(ratelimit.HeaderRateLimit) == "" || a.header.Get(ratelimit.HeaderPolicy) == "" {
			t.Fatalf("no RateLimit fields on the answer: %v", a.header)
		}
	})
}

func expectChallenge(t *testing.T, a answer, want string) {
	t.Helper()
	if got := a.header.Values("WWW-Authenticate"); !slices.Equal(got, []string{want}) {
		t.Fatalf("WWW-Authenticate %q, want %q", got, want)
	}
}

// TestAccessAfterRouting: a path no route serves, or a method the route
// does not take, is 404 or 405 as without keys: routing comes first.
func TestAccessAfterRouting(t *testing.T) {
	keys := newTestKeys(t)
	e := newEnv(t, func(c *Config) { c.Auth = keys.auth }, nil)
	e.call(t, "GET", e.transaction+"/nowhere", "").expectProblem(t, CodeRouteNotFound)
	e.call(t, "DELETE", e.transaction+"/transactions/tx-1", "").expectProblem(t, CodeMethodNotAllowed)
	e.call(t, "GET", e.transaction+"/transactions/a%2Fb", "").expectProblem(t, CodeNonCanonicalPath)
}
