package auth

import "strings"

// ScopeSet is a set of scopes as bits in the order of Scopes(), so that
// Principal.Allows on the request path is one AND, not a search.
type ScopeSet uint16

// SetOf returns the set of the given scopes; an unknown scope adds
// nothing.
func SetOf(s ...Scope) ScopeSet {
	var set ScopeSet
	for _, sc := range s {
		set = set.With(sc)
	}
	return set
}

// With returns the set with s added.
func (set ScopeSet) With(s Scope) ScopeSet { return set | bit(s) }

// Has reports whether s is in the set; an unknown scope is in no set.
func (set ScopeSet) Has(s Scope) bool {
	b := bit(s)
	return b != 0 && set&b == b
}

// List returns the scopes in the set, in the order of Scopes().
func (set ScopeSet) List() []Scope {
	var out []Scope
	for _, sc := range scopes {
		if set.Has(sc) {
			out = append(out, sc)
		}
	}
	return out
}

// String is the comma list ParseScopes reads back.
func (set ScopeSet) String() string {
	var b strings.Builder
	for _, sc := range set.List() {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(string(sc))
	}
	return b.String()
}

func bit(s Scope) ScopeSet {
	for i, sc := range scopes {
		if sc == s {
			return 1 << i
		}
	}
	return 0
}
