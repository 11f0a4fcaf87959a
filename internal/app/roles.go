package app

import (
	"fmt"
	"slices"
	"strings"
)

// Role is one part of txstream that a process can run. Every role is a
// consumer-group member or a stateless HTTP service, so any number of
// processes may run the same role.
type Role string

const (
	RoleTransaction Role = "transaction" // Transaction Service (:5001) and its actors
	RoleConverter   Role = "converter"   // Value Converter Service (:5002)
	RoleManager     Role = "manager"     // Transaction Manager Service (:5003) and its log index
	RoleProcessor   Role = "processor"   // the stream processors (pipeline)
)

// AllRoles lists every role, in the order String and ParseRoles keep.
func AllRoles() Roles {
	return Roles{RoleProcessor, RoleTransaction, RoleConverter, RoleManager}
}

// Roles is the set of roles a process runs, in AllRoles order.
type Roles []Role

// Has reports whether r is in the set.
func (s Roles) Has(r Role) bool { return slices.Contains(s, r) }

// writes reports whether the process accepts writes, and so needs the
// producer and the actors.
func (s Roles) writes() bool { return s.Has(RoleTransaction) || s.Has(RoleConverter) }

// readsTables reports whether a role of s reads tables through views:
// every role but the processor.
func (s Roles) readsTables() bool { return s.writes() || s.Has(RoleManager) }

func (s Roles) String() string {
	if len(s) == len(AllRoles()) {
		return "all"
	}
	names := make([]string, len(s))
	for i, r := range s {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

// ParseRoles reads "all" or a comma-separated subset of the roles.
func ParseRoles(s string) (Roles, error) {
	wanted := map[Role]bool{}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.ToLower(strings.TrimSpace(item))
		switch {
		case item == "":
			continue
		case item == "all":
			return AllRoles(), nil
		case slices.Contains(AllRoles(), Role(item)):
			wanted[Role(item)] = true
		default:
			return nil, fmt.Errorf("unknown role %q; roles are all, %s", item, RoleNames())
		}
	}
	var set Roles
	for _, r := range AllRoles() {
		if wanted[r] {
			set = append(set, r)
		}
	}
	if len(set) == 0 {
		return nil, ErrNoRoles
	}
	return set, nil
}

// RoleNames lists the roles for help texts: "processor, transaction, ...".
func RoleNames() string {
	names := make([]string, 0, len(AllRoles()))
	for _, r := range AllRoles() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

// Set reads "all" or a comma-separated subset of the roles (ParseRoles):
// *Roles is the flag.Value of --role.
func (s *Roles) Set(list string) error {
	set, err := ParseRoles(list)
	if err != nil {
		return err
	}
	*s = set
	return nil
}
