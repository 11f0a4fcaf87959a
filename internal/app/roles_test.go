package app

import (
	"errors"
	"slices"
	"testing"
)

func TestParseRoles(t *testing.T) {
	tests := []struct {
		in   string
		want Roles
		err  bool
	}{
		{"all", AllRoles(), false},
		{"manager, Transaction", Roles{RoleTransaction, RoleManager}, false},
		{"processor,processor", Roles{RoleProcessor}, false},
		{"transaction,all", AllRoles(), false},
		{"", nil, true},
		{"gateway", nil, true},
	}
	for _, tt := range tests {
		var got Roles
		err := got.Set(tt.in)
		if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("Set(%q) = %v, %v; want %v (error: %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
	if _, err := ParseRoles(" , "); !errors.Is(err, ErrNoRoles) {
		t.Errorf("no roles: %v, want ErrNoRoles", err)
	}
	if s := (Roles{RoleProcessor, RoleManager}).String(); s != "processor,manager" {
		t.Errorf("String = %q", s)
	}
}
