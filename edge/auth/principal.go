package auth

import (
	"fmt"
	"log/slog"
)

// Principal is who a request's key says it is: the key's name, its short
// id and its scopes. It holds nothing secret, so it may be logged.
type Principal struct {
	Name   string
	KeyID  string
	Scopes ScopeSet
}

// Allows reports whether the key holds scope s.
func (p Principal) Allows(s Scope) bool { return p.Scopes.Has(s) }

// Require returns nil when the key holds s, and ErrScope naming the
// missing scope (a route's scope is public) otherwise.
func (p Principal) Require(s Scope) error {
	if p.Allows(s) {
		return nil
	}
	return fmt.Errorf("%w %s", ErrScope, s)
}

func (p Principal) String() string { return fmt.Sprintf("%s (key id %s)", p.Name, p.KeyID) }

// LogValue is the audit line's view of a principal: the name and key id.
func (p Principal) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", p.Name), slog.String("key_id", p.KeyID))
}

func (r Record) principal() Principal {
	return Principal{Name: r.Name, KeyID: r.KeyID(), Scopes: r.Scopes}
}
