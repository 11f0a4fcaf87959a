package statuslog

import (
	"errors"
	"fmt"

	"github.com/segmentio/encoding/json"

	"github.com/txstream/txstream/domain"
)

// record is the part of a transactions-table value (a domain.Transaction)
// that the status log reads: the id, the version and the history, kept as
// it came (see storedLog.spliced); changes decodes it when the bytes are not
// enough. The other members (amount, metadata, conversion) are skipped by
// the decoder instead of being built.
type record struct {
	Schema  int             `json:"schema"`
	ID      string          `json:"id"`
	Version int64           `json:"version"`
	History json.RawMessage `json:"history"`
}

// changes decodes the history.
func (r *record) changes() ([]domain.StatusChange, error) {
	var h []domain.StatusChange
	if err := json.Unmarshal(r.History, &h); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return h, nil
}

// SchemaOf makes the decoder refuse a schema newer than this binary's.
func (r *record) SchemaOf() int { return r.Schema }

// validate rejects histories that decode but cannot be the history of a
// transaction: none, or a change that is no status change.
func validate(history []domain.StatusChange) error {
	if len(history) == 0 {
		return errors.New("no history")
	}
	for _, c := range history {
		switch {
		case c.Version < 1:
			return fmt.Errorf("version %d, versions start at 1", c.Version)
		case !c.Status.Valid():
			return fmt.Errorf("unknown status %q", c.Status)
		}
	}
	return nil
}
