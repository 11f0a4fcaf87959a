package console

import (
	"slices"
	"strconv"
	"time"

	"github.com/txstream/txstream/domain"
)

// follower keeps the newest status changes of the log index: each poll
// lists the changes at or after the newest one seen, in the index's time
// order, a bounded number of pages at a time.
type follower struct {
	tables Tables
	keep   int
	since  time.Time
	seen   map[string]bool // the changes at since, which the next list repeats
	newest []domain.LogEntry
}

const (
	// followPage and followPages bound one poll's reading of the index:
	// what is left past them waits for the next poll.
	followPage  = 200
	followPages = 5
	// followBack is how far back the first poll looks.
	followBack = time.Minute
)

func newFollower(t Tables, keep int, now func() time.Time) *follower {
	f := &follower{tables: t, keep: keep}
	f.restart(now())
	return f
}

// restart follows the log from followBack before now, forgetting what it
// listed: after a pause, the changes in between are not "newest" any more.
func (f *follower) restart(now time.Time) {
	f.since, f.seen, f.newest = now.Add(-followBack), map[string]bool{}, nil
}

// poll reads the changes since the last poll and returns the newest keep
// of all, newest first, and whether they changed. An index that fails
// (a process without one, or recovering) changes nothing.
func (f *follower) poll() ([]domain.LogEntry, bool) {
	q := domain.LogQuery{From: f.since, Limit: followPage}
	var fresh []domain.LogEntry
	for range followPages {
		page, err := f.tables.Log(q)
		if err != nil {
			break
		}
		for _, e := range page.Entries {
			if !f.seen[changeKey(e)] {
				fresh = append(fresh, e)
			}
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	if len(fresh) == 0 {
		return f.newest, false
	}
	f.advance(fresh)
	return f.newest, true
}

// advance moves since to the newest fresh change and adds them to the
// list, newest first.
func (f *follower) advance(fresh []domain.LogEntry) {
	last := fresh[len(fresh)-1].At
	if last.After(f.since) {
		f.since, f.seen = last, map[string]bool{}
	}
	for _, e := range fresh {
		if e.At.Equal(f.since) {
			f.seen[changeKey(e)] = true
		}
	}
	slices.Reverse(fresh)
	f.newest = append(fresh, f.newest...)
	if len(f.newest) > f.keep {
		f.newest = slices.Clone(f.newest[:f.keep])
	}
}

func changeKey(e domain.LogEntry) string {
	return e.TransactionID + "\x00" + strconv.FormatInt(e.Version, 10)
}
