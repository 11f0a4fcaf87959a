package edge

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
)

// fakeAuth is an Authenticator over a map from Authorization header
// values to principals, with auth's sentinels for the rest.
type fakeAuth map[string]auth.Principal

func (f fakeAuth) Authenticate(header []byte) (auth.Principal, error) {
	if len(header) == 0 {
		return auth.Principal{}, auth.ErrNoCredentials
	}
	if p, ok := f[string(header)]; ok {
		return p, nil
	}
	return auth.Principal{}, auth.ErrBadCredentials
}

// testKeys are real-shaped keys (auth.GenerateKey) for the fake: per
// scope, one key that holds only it and one that holds every other.
type testKeys struct {
	auth    fakeAuth
	only    map[auth.Scope]string // key holding the scope alone
	allBut  map[auth.Scope]string // key holding every other scope
	unknown string                // well-formed, in no file
}

func newTestKeys(t *testing.T) testKeys {
	t.Helper()
	k := testKeys{auth: fakeAuth{}, only: map[auth.Scope]string{}, allBut: map[auth.Scope]string{}, unknown: genKey(t)}
	for i, sc := range auth.Scopes() {
		var others auth.ScopeSet
		for _, o := range auth.Scopes() {
			if o != sc {
				others = others.With(o)
			}
		}
		k.only[sc] = k.add(t, fmt.Sprintf("only-%d", i), auth.SetOf(sc))
		k.allBut[sc] = k.add(t, fmt.Sprintf("all-but-%d", i), others)
	}
	return k
}

func (k testKeys) add(t *testing.T, name string, scopes auth.ScopeSet) string {
	t.Helper()
	key := genKey(t)
	k.auth["Bearer "+key] = auth.Principal{Name: name, KeyID: auth.HashKey([]byte(key)).ID(), Scopes: scopes}
	return key
}

// all lists every key, for the checks that no key text leaks.
func (k testKeys) all() []string {
	out := []string{k.unknown}
	for _, key := range k.only {
		out = append(out, key)
	}
	for _, key := range k.allBut {
		out = append(out, key)
	}
	return out
}

func genKey(t *testing.T) string {
	t.Helper()
	key, err := auth.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// bearerHeader is the call header pair of key; none for "".
func bearerHeader(key string) []string {
	if key == "" {
		return nil
	}
	return []string{"Authorization", "Bearer " + key}
}

// writeBodies are valid bodies of the write routes, by template.
var writeBodies = map[string]string{
	routeTransactions:      `{"id":"tx-new","amount":"10.00","currency":"USD"}`,
	routeTransactionsBatch: `{"transactions":[{"id":"tx-batch","amount":"10.00","currency":"USD"}]}`,
	routeTransaction:       `{"amount":"10.00","currency":"USD"}`, // PUT
	routeConvert:           `{"id":"cv-new","amount":"10.00","from":"USD","to":"EUR"}`,
	routeRate:              `{"rate":"161.52","date":"2025-03-14"}`,
	routeWebhooks:          `{"url":"https://example.com/hook","events":["transaction.completed"]}`,
	routeWebhookRotate:     "",
	"/console/*":           "", // the console's forms; the edge passes them on
}

// routeRequest is a request that the route answers with success on an
// env seeded by seedForRoutes: its parameter filled in, and a valid body
// for writes. A write route without a body here fails the test, so that
// a new route is added to the access tests with its body.
func routeRequest(t *testing.T, rt *route) (method, path, body string) {
	t.Helper()
	path = strings.NewReplacer("{id}", "tx-1", "{code}", "JPY").Replace(rt.pattern)
	if isMount(rt.pattern) {
		path = strings.TrimSuffix(path, mountSegment) + "page"
	}
	if rt.method == http.MethodPost || rt.method == http.MethodPut {
		var ok bool
		if body, ok = writeBodies[rt.pattern]; !ok {
			t.Fatalf("no test body for %s %s: add one to writeBodies", rt.method, rt.pattern)
		}
	}
	return rt.method, path, body
}

// seedForRoutes makes every route of routeRequest answer with success:
// tx-1 exists (converting, so GET /convert/tx-1 is pending), and so does
// a webhook endpoint of that id, /metrics and the monitor are served.
func seedForRoutes(e *env) {
	e.tables.putTransaction(record("tx-1", 2, domain.StatusConverting))
	e.webhooks().seed("tx-1")
}

// withAllRoutes serves /metrics, goka's monitor and the console, so that every route
// there can be is routed.
func withAllRoutes(c *Config) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	c.Metrics, c.Monitor, c.Console = ok, ok, ok
}

// base is the URL of a service.
func (e *env) base(svc Service) string {
	switch svc {
	case ServiceTransaction:
		return e.transaction
	case ServiceConverter:
		return e.converter
	}
	return e.manager
}

// eachRoute calls f for every route of every service, as a subtest named
// by the service, method and template.
func (e *env) eachRoute(t *testing.T, f func(t *testing.T, svc Service, rt *route)) {
	t.Helper()
	for _, svc := range Services() {
		for _, rt := range e.servers[svc].router.routes {
			t.Run(string(svc)+" "+rt.method+" "+rt.pattern, func(t *testing.T) { f(t, svc, rt) })
		}
	}
}
