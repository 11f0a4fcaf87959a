package main

import "github.com/txstream/txstream/internal/app"

// roleValue is the flag.Value of --role.
type roleValue struct{ p *app.Roles }

func (v roleValue) Set(s string) error {
	set, err := app.ParseRoles(s)
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
