package statuslog

import (
	"fmt"
	"sort"
	"time"

	"github.com/txstream/txstream/domain"
)

// history returns the log of the i-th of a synthetic set of transactions:
// received at base+i*step, converting 5ms later, then completed (or failed
// with no_rate for every tenth) 20ms after receipt. Three entries each.
func history(i int, base time.Time, step time.Duration) *domain.StatusLog {
	at := base.Add(time.Duration(i) * step)
	final, reason := domain.StatusCompleted, domain.Reason("")
	if i%10 == 0 {
		final, reason = domain.StatusFailed, domain.ReasonNoRate
	}
	return &domain.StatusLog{
		Schema:        domain.SchemaVersion,
		TransactionID: txID(i),
		Entries: []domain.StatusChange{
			{Version: 1, Status: domain.StatusReceived, At: at},
			{Version: 2, Status: domain.StatusConverting, At: at.Add(5 * time.Millisecond)},
			{Version: 3, Status: final, Reason: reason, At: at.Add(20 * time.Millisecond)},
		},
	}
}

func txID(i int) string { return fmt.Sprintf("tx-%08d", i) }

// sortEntries orders entries as the index promises for ids of equal length:
// by time, then id, then version.
func sortEntries(es []Entry) {
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if !a.At.Equal(b.At) {
			return a.At.Before(b.At)
		}
		if a.TransactionID != b.TransactionID {
			return a.TransactionID < b.TransactionID
		}
		return a.Version < b.Version
	})
}

// filterEntries is the reference implementation of a query's filter.
func filterEntries(es []Entry, status domain.Status, from, to time.Time) []Entry {
	var out []Entry
	for _, e := range es {
		if status != "" && e.Status != status {
			continue
		}
		if !from.IsZero() && e.At.Before(from) {
			continue
		}
		if !to.IsZero() && !e.At.Before(to) {
			continue
		}
		out = append(out, e)
	}
	return out
}
