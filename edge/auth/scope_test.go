package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestParseScopes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ScopeSet
		err  error
	}{
		{"one", "ops", SetOf(Ops), nil},
		{"two with spaces", " transactions:write , transactions:read", SetOf(TransactionsWrite, TransactionsRead), nil},
		{"every scope", "transactions:write,transactions:read,conversions:write,conversions:read,rates:write,log:read,ops,webhooks:write,webhooks:read,deadletters:write", SetOf(Scopes()...), nil},
		{"repeated", "ops,ops", SetOf(Ops), nil},
		{"empty", "", 0, ErrNoScopes},
		{"blank", "  ", 0, ErrNoScopes},
		{"empty element", "ops,", 0, ErrUnknownScope},
		{"unknown", "ops,rates:read", 0, ErrUnknownScope},
		{"case matters", "OPS", 0, ErrUnknownScope},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseScopes(tt.in)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Fatalf("ParseScopes(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

// TestUnknownScopeError: the error names the scope and lists the known
// ones, so the operator can fix the command line.
func TestUnknownScopeError(t *testing.T) {
	_, err := ParseScopes("transactions:write,rates:read")
	if err == nil || !strings.Contains(err.Error(), `"rates:read"`) || !strings.Contains(err.Error(), "rates:write") {
		t.Fatalf("error %v: want the unknown scope and the known ones", err)
	}
}

// TestScopeSet: a set's string reads back as the same set, and a scope
// outside the set or unknown is not in it.
func TestScopeSet(t *testing.T) {
	set := SetOf(ConversionsRead, LogRead)
	back, err := ParseScopes(set.String())
	if err != nil || back != set {
		t.Fatalf("ParseScopes(%q) = %v, %v", set.String(), back, err)
	}
	if set.Has(Ops) || set.Has("nonsense") || !set.Has(LogRead) {
		t.Fatalf("Has is wrong for %v", set)
	}
	if len(Scopes()) != 10 {
		t.Fatalf("%d scopes, want issue 13's 7, issue 18's webhooks:write and webhooks:read, and the console's deadletters:write", len(Scopes()))
	}
}
