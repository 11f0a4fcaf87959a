package statuslog

import (
	"fmt"
	"slices"

	"github.com/txstream/txstream/domain"
)

// outcome says what one status event did to a transaction's log.
type outcome int

const (
	appended  outcome = iota // the next version, recorded
	duplicate                // a version already recorded, with the same content
	conflict                 // a version already recorded, with other content; the record stays
	gap                      // versions are missing before it; recorded anyway
	filled                   // a version missing below the last, recorded in its place
)

// apply folds ev into log (nil for a transaction not seen yet) and returns
// the log to store (nil when nothing changes). Versions are the
// transactions processor's: delivery is at least once and that processor
// re-emits a whole history on redelivery, so anything at or below the last
// recorded version is a repeat, unless that version is missing. A gap cannot
// happen with ordered delivery per key, but it does when an emit fails (a
// broker outage) and a later version gets through first; it is recorded in
// order rather than dropped, so that nothing the source of truth said is
// lost, and reported; the missing version, when the re-emitted history
// brings it, fills the gap.
func apply(log *domain.StatusLog, ev domain.StatusEvent) (*domain.StatusLog, outcome) {
	if log == nil {
		log = &domain.StatusLog{Schema: domain.SchemaVersion, TransactionID: ev.TransactionID}
	}
	last := lastVersion(log)
	switch {
	case ev.Version <= last:
		prev, ok := entryAt(log, ev.Version)
		switch {
		case !ok:
			log.Entries = insertChange(log.Entries, ev.StatusChange)
			return log, filled
		case !sameChange(prev, ev.StatusChange):
			return nil, conflict
		}
		return nil, duplicate
	default:
		log.Entries = append(log.Entries, ev.StatusChange)
		return log, forward(last, ev.Version)
	}
}

// forward says what a version after the last one does: the next one is
// appended, a later one leaves a gap.
func forward(last, version int64) outcome {
	if version > last+1 {
		return gap
	}
	return appended
}

// validate rejects events that decode but cannot be a status change of the
// transaction under key.
func validate(key string, ev *domain.StatusEvent) error {
	switch {
	case ev.TransactionID != key:
		return fmt.Errorf("transaction id %q under key %q", ev.TransactionID, key)
	case ev.Version < 1:
		return fmt.Errorf("version %d, versions start at 1", ev.Version)
	case !ev.Status.Valid():
		return fmt.Errorf("unknown status %q", ev.Status)
	}
	return nil
}

func lastVersion(log *domain.StatusLog) int64 {
	if log == nil || len(log.Entries) == 0 {
		return 0
	}
	return log.Entries[len(log.Entries)-1].Version
}

// entryAt finds a version from the end: histories are a handful of entries
// and repeats are usually of the latest ones.
func entryAt(log *domain.StatusLog, version int64) (domain.StatusChange, bool) {
	for i := len(log.Entries) - 1; i >= 0; i-- {
		if log.Entries[i].Version == version {
			return log.Entries[i], true
		}
	}
	return domain.StatusChange{}, false
}

// sameChange ignores the time: an event that came without one is stamped
// on arrival, so its redelivery carries another.
func sameChange(a, b domain.StatusChange) bool {
	return a.Status == b.Status && a.Reason == b.Reason
}

// insertChange puts c among entries, which are in version order, in its
// place.
func insertChange(entries []domain.StatusChange, c domain.StatusChange) []domain.StatusChange {
	i := slices.IndexFunc(entries, func(e domain.StatusChange) bool { return e.Version > c.Version })
	if i < 0 {
		i = len(entries)
	}
	return slices.Insert(entries, i, c)
}
