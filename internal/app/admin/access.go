package admin

import (
	"errors"
	"net/http"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/auth"
)

// The challenges of RFC 6750 §3, as the services send them.
const (
	challenge      = `Bearer realm="txstream"`
	challengeScope = challenge + `, error="insufficient_scope", scope="` + string(auth.Ops) + `"`
)

// requireOps lets a request through to h only with a key holding the ops
// scope: 401 without a valid key, 403 with one lacking the scope. A nil
// Authenticator lets every request through. The answers are fixed texts:
// nothing of the presented header is echoed.
func requireOps(a edge.Authenticator, h http.Handler) http.Handler {
	if a == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := a.Authenticate([]byte(r.Header.Get("Authorization")))
		switch {
		case errors.Is(err, auth.ErrNoCredentials):
			w.Header().Set("WWW-Authenticate", challenge)
			http.Error(w, "this address needs an API key: Authorization: Bearer <key>", http.StatusUnauthorized)
		case err != nil:
			w.Header().Set("WWW-Authenticate", challenge+`, error="invalid_token"`)
			http.Error(w, "the API key is not valid", http.StatusUnauthorized)
		case !p.Allows(auth.Ops):
			w.Header().Set("WWW-Authenticate", challengeScope)
			http.Error(w, "this route needs a key with the scope ops", http.StatusForbidden)
		default:
			h.ServeHTTP(w, r)
		}
	})
}
