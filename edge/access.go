package edge

import (
	"net/netip"
	"strings"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/edge/ratelimit"
)

// Authenticator turns an Authorization header value into the principal of
// its key: auth.ErrNoCredentials when the header is empty,
// auth.ErrBadCredentials when it names no valid key. *auth.Keys satisfies
// it. The edge checks the route's scope itself (auth.Principal.Require),
// so that a route may take any valid key (/openapi.json).
type Authenticator interface {
	Authenticate(header []byte) (auth.Principal, error)
}

// Limiter decides whether a request may go on: per key name for an
// authenticated request, per client address for an anonymous one.
// *ratelimit.Limiter satisfies it.
type Limiter interface {
	AllowKey(name string) ratelimit.Decision
	AllowAddress(addr netip.Addr) ratelimit.Decision
}

// The three route scopes that are not a key's scope: every route declares
// one of auth.Scopes() or one of these, in its route table, so that no
// route is open by omission (a test walks the tables).
const (
	// scopeOpen: no key is asked for and no limit applies (/healthz,
	// /readyz: orchestrators probe them without credentials).
	scopeOpen auth.Scope = "(open)"
	// scopeAnyKey: any valid key will do (/openapi.json).
	scopeAnyKey auth.Scope = "(any key)"
	// scopeSelf: the mounted pages check the key themselves (the
	// console's cookie session, edge/console); the edge asks for no
	// header there, but limits the requests per client address.
	scopeSelf auth.Scope = "(checked by the mounted pages)"
)

// declared reports whether s is a scope a route may declare.
func declared(s auth.Scope) bool {
	if s == scopeOpen || s == scopeAnyKey || s == scopeSelf {
		return true
	}
	_, err := auth.ParseScope(string(s))
	return err == nil
}

// isWriteScope: a route with a :write scope is a write, audited.
func isWriteScope(s auth.Scope) bool { return strings.HasSuffix(string(s), ":write") }
