package statuslog

import "github.com/txstream/txstream/domain"

// Query, Entry and Page are the manager service's listing vocabulary,
// shared through domain so that the edge need not import this package.
type (
	// Query asks for entries in time order; see domain.LogQuery.
	Query = domain.LogQuery
	// Entry is one status change of one transaction; see domain.LogEntry.
	Entry = domain.LogEntry
	// Page is one page of a listing; Next is "" on the last one.
	Page = domain.LogPage
)

// entriesOf lists the changes of one transaction's log as index entries.
func entriesOf(id string, log *domain.StatusLog) []Entry {
	if log == nil {
		return nil
	}
	out := make([]Entry, len(log.Entries))
	for i, c := range log.Entries {
		out[i] = entryOf(id, c)
	}
	return out
}

// entryOf is change c of transaction id as an index entry.
func entryOf(id string, c domain.StatusChange) Entry {
	return Entry{TransactionID: id, Status: c.Status, Reason: c.Reason, Version: c.Version, At: c.At.UTC()}
}

// diffEntries returns what to remove from and add to the index when a
// transaction's log goes from before to after. Logs only grow, so del is
// empty in practice; it is computed anyway so that the index follows the
// table whatever the table says.
func diffEntries(before, after []Entry) (del, put []Entry) {
	for _, b := range before {
		if !containsKeyOf(after, b) {
			del = append(del, b)
		}
	}
	for _, a := range after {
		if !containsSame(before, a) {
			put = append(put, a)
		}
	}
	return del, put
}

// containsKeyOf: the index keys of e are in list (everything but the reason).
func containsKeyOf(list []Entry, e Entry) bool {
	for _, x := range list {
		if x.Version == e.Version && x.Status == e.Status && x.At.Equal(e.At) {
			return true
		}
	}
	return false
}

func containsSame(list []Entry, e Entry) bool {
	for _, x := range list {
		if x.Version == e.Version && x.Status == e.Status && x.At.Equal(e.At) && x.Reason == e.Reason {
			return true
		}
	}
	return false
}
