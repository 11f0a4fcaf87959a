package auth

import (
	"errors"
	"log/slog"
	"time"
)

// Config is what a Keys store needs.
type Config struct {
	// File is the key file (see doc.go for its format).
	File string
	// Log is told of reloads, reload failures and a key file others may
	// read. Nil discards.
	Log *slog.Logger
	// OnReload, when not nil, is called after every reload Run attempts,
	// with nil on success, so that metrics can count reloads and failures
	// without this package importing them.
	OnReload func(err error)
	// Debounce is how long Run waits after the last change in the key
	// file's directory before reading it, so that an editor's
	// truncate-then-write or a burst of events is read once, whole.
	Debounce time.Duration
}

// DefaultDebounce is Config.Debounce when zero: short next to a human's
// edit, long next to the events of one save.
const DefaultDebounce = 100 * time.Millisecond

// Validate checks the configuration.
func (c Config) Validate() error {
	if c.File == "" {
		return errors.New("auth: no key file")
	}
	if c.Debounce < 0 {
		return errors.New("auth: negative debounce")
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.OnReload == nil {
		c.OnReload = func(error) {}
	}
	if c.Debounce == 0 {
		c.Debounce = DefaultDebounce
	}
	return c
}
