package apikeycmd

import (
	"errors"
	"fmt"
	"time"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/internal/cli"
)

// Config is what one "apikey new" needs.
type Config struct {
	File   string // the key file, created 0600 if missing
	Name   string // the key's name in audit lines; empty: "key-" and its key id
	Scopes string // as given to --scopes: a comma list of auth's scopes
	Out    cli.Output
	Now    func() time.Time // the creation time's clock; nil means time.Now
}

// Validate checks the file, the name and the scopes, so that a mistake is
// reported before any key exists.
func (c Config) Validate() error {
	if c.File == "" {
		return errors.New("apikey new: no key file (--file)")
	}
	if c.Name != "" {
		if err := auth.ValidateName(c.Name); err != nil {
			return fmt.Errorf("apikey new: --name: %w", err)
		}
	}
	_, err := c.scopes()
	return err
}

func (c Config) scopes() (auth.ScopeSet, error) {
	scopes, err := auth.ParseScopes(c.Scopes)
	if err != nil {
		return 0, fmt.Errorf("apikey new: --scopes: %w", err)
	}
	return scopes, nil
}

func (c Config) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}
