package apikeycmd

import (
	"context"
	"fmt"

	"github.com/txstream/txstream/edge/auth"
)

// New makes a key, appends its record to cfg.File and prints the key on
// the first line of cfg.Out.Stdout, then a note on cfg.Out.Stderr.
//
// The record is written and synced before the key is printed: a key the
// operator sees is a key the file keeps. If printing then fails, the
// error says which record to delete, since nobody holds that key.
func New(ctx context.Context, cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	scopes, _ := cfg.scopes()
	key, rec, err := auth.NewRecord(cfg.Name, scopes, cfg.now())
	if err != nil {
		return fmt.Errorf("apikey new: %w", err)
	}
	if err := auth.AppendRecord(cfg.File, rec); err != nil {
		return fmt.Errorf("apikey new: %w", err)
	}
	if _, err := fmt.Fprintln(cfg.Out.Stdout, key); err != nil {
		return fmt.Errorf("apikey new: key %s was added to %s but not printed (%w); delete its line", rec, cfg.File, err)
	}
	fmt.Fprintf(cfg.Out.Stderr, "added key %s to %s; the key above is shown only this once\n", rec, cfg.File)
	return nil
}
