package statuslog

import (
	"fmt"

	"github.com/txstream/txstream/domain"
)

// record is the part of a transactions-table value (a domain.Transaction)
// that the status log reads: the id and the history, with the version the
// history ends at. The other members (amount, metadata, conversion) are
// skipped by the decoder instead of being built.
type record struct {
	Schema  int                   `json:"schema"`
	ID      string                `json:"id"`
	Version int64                 `json:"version"`
	History []domain.StatusChange `json:"history"`
}

// SchemaOf makes the decoder refuse a schema newer than this binary's.
func (r *record) SchemaOf() int { return r.Schema }

// validate rejects records that decode but cannot be the state of the
// transaction under key: another id, no history, or a change that is no
// status change.
func (r *record) validate(key string) error {
	switch {
	case r.ID != key:
		return fmt.Errorf("transaction id %q under key %q", r.ID, key)
	case len(r.History) == 0:
		return fmt.Errorf("version %d without history", r.Version)
	}
	for _, c := range r.History {
		switch {
		case c.Version < 1:
			return fmt.Errorf("version %d, versions start at 1", c.Version)
		case !c.Status.Valid():
			return fmt.Errorf("unknown status %q", c.Status)
		}
	}
	return nil
}

// last is the version the history ends at: the record's state.
func (r *record) last() int64 { return r.History[len(r.History)-1].Version }
