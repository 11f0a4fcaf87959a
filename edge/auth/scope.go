package auth

import (
	"fmt"
	"strings"
)

// Scope is one permission a key may hold. The edge names the scope each
// route needs; a key holds a set of them (ScopeSet).
type Scope string

// The scopes of issue 13, one per kind of route.
const (
	TransactionsWrite Scope = "transactions:write" // POST /transactions
	TransactionsRead  Scope = "transactions:read"  // GET /transactions/{id}, long poll and event stream included
	ConversionsWrite  Scope = "conversions:write"  // POST /convert
	ConversionsRead   Scope = "conversions:read"   // GET /convert/{id}, GET /rates
	RatesWrite        Scope = "rates:write"        // PUT /rates/{code}
	LogRead           Scope = "log:read"           // the log routes, GET /transactions/events included
	Ops               Scope = "ops"                // /metrics on every address, /goka/, the console's charts and dead letters
	// WebhooksWrite registers, rotates and deletes webhook endpoints; its
	// answers hand out signing secrets, so it is a scope of its own.
	WebhooksWrite Scope = "webhooks:write"
	WebhooksRead  Scope = "webhooks:read" // GET /webhooks..., never a secret
	// DeadLettersWrite replays a dead letter from the console: it writes
	// to a processor's input topic, which no other scope allows, so it is
	// a scope of its own and not a part of ops (which only reads).
	DeadLettersWrite Scope = "deadletters:write"
)

// scopes is the order of ScopeSet's bits and of every listing; a new
// scope goes at the end so that no set changes meaning.
var scopes = [...]Scope{TransactionsWrite, TransactionsRead, ConversionsWrite, ConversionsRead, RatesWrite, LogRead, Ops, WebhooksWrite, WebhooksRead, DeadLettersWrite}

// Scopes returns every scope, in a fixed order.
func Scopes() []Scope { return scopes[:] }

// ParseScope returns the scope named s exactly (scopes are case-sensitive,
// as they are written in the key file).
func ParseScope(s string) (Scope, error) {
	for _, sc := range scopes {
		if string(sc) == s {
			return sc, nil
		}
	}
	return "", fmt.Errorf("%w %q (known: %s)", ErrUnknownScope, s, knownList())
}

// ParseScopes reads a comma-separated list such as "transactions:write,
// transactions:read"; spaces around a name are ignored, an empty element
// or an unknown name is an error naming it.
func ParseScopes(list string) (ScopeSet, error) {
	if strings.TrimSpace(list) == "" {
		return 0, ErrNoScopes
	}
	var set ScopeSet
	for part := range strings.SplitSeq(list, ",") {
		sc, err := ParseScope(strings.TrimSpace(part))
		if err != nil {
			return 0, err
		}
		set = set.With(sc)
	}
	return set, nil
}

func knownList() string {
	names := make([]string, len(scopes))
	for i, sc := range scopes {
		names[i] = string(sc)
	}
	return strings.Join(names, ", ")
}
