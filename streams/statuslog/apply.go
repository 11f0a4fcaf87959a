package statuslog

import (
	"slices"

	"github.com/txstream/txstream/domain"
)

// outcome says what one status change, or one table record, did to a
// transaction's log.
type outcome int

const (
	appended  outcome = iota // the next version, recorded
	duplicate                // a version already recorded, with the same content
	conflict                 // a version already recorded, with other content; the record stays
	gap                      // versions are missing before it; recorded anyway
	filled                   // a version missing below the last, recorded in its place
)

// worse is the outcome to report for a record whose changes did a and b:
// what needs attention first (a conflict, then a gap, then a filled gap),
// else appended when anything was, else duplicate.
func worse(a, b outcome) outcome {
	rank := func(o outcome) int {
		switch o {
		case conflict:
			return 4
		case gap:
			return 3
		case filled:
			return 2
		case appended:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// apply folds ev, one change of a transaction's history, into log (nil for
// a transaction not seen yet) and returns the log to store (nil when
// nothing changes). Versions are the transactions processor's, and every
// record of its table carries the whole history, so anything at or below
// the last recorded version is a repeat, unless that version is missing.
// A gap cannot come from that processor's own records, whose histories
// have every version; it does come from a log written from the status
// events of earlier releases, where an emit that failed (a broker outage)
// let a later version through first, or from a foreign record. It is
// recorded in order rather than dropped, so that nothing the source of
// truth said is lost, and reported; the missing version, when a history
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
