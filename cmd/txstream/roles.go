package main

import (
	"fmt"
	"slices"
	"strings"
)

// role is one part of txstream that a process can run. Every role is a
// consumer-group member or a stateless HTTP service, so any number of
// processes may run the same role.
type role string

const (
	roleTransaction role = "transaction" // Transaction Service (:5001) and its actors
	roleConverter   role = "converter"   // Value Converter Service (:5002)
	roleManager     role = "manager"     // Transaction Manager Service (:5003) and its log index
	roleProcessor   role = "processor"   // the stream processors (pipeline)
)

// allRoles lists the roles in start-up order.
var allRoles = []role{roleProcessor, roleTransaction, roleConverter, roleManager}

// roleSet is the set of roles a process runs, in allRoles order.
type roleSet []role

func (s roleSet) has(r role) bool { return slices.Contains(s, r) }

func (s roleSet) String() string {
	if len(s) == len(allRoles) {
		return "all"
	}
	names := make([]string, len(s))
	for i, r := range s {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}

// parseRoles reads "all" or a comma-separated subset of the roles.
func parseRoles(s string) (roleSet, error) {
	wanted := map[role]bool{}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.ToLower(strings.TrimSpace(item))
		switch {
		case item == "":
			continue
		case item == "all":
			return slices.Clone(allRoles), nil
		case slices.Contains(allRoles, role(item)):
			wanted[role(item)] = true
		default:
			return nil, fmt.Errorf("unknown role %q; roles are all, %s", item, roleNames())
		}
	}
	var set roleSet
	for _, r := range allRoles {
		if wanted[r] {
			set = append(set, r)
		}
	}
	if len(set) == 0 {
		return nil, errEmptyRoles
	}
	return set, nil
}

func roleNames() string {
	names := make([]string, len(allRoles))
	for i, r := range allRoles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// roleValue is the flag.Value of --role.
type roleValue struct{ p *roleSet }

func (v roleValue) Set(s string) error {
	set, err := parseRoles(s)
	if err != nil {
		return err
	}
	*v.p = set
	return nil
}

func (v roleValue) String() string {
	if v.p == nil {
		return ""
	}
	return v.p.String()
}
