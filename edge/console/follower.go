package console

import (
	"slices"
	"strconv"
	"time"

	"github.com/txstream/txstream/domain"
)

// follower keeps the newest status changes: each poll reads the changes
// filed since the last, in the order they arrived (EventLog), so that a
// change of one partition filed after another's later one is not passed
// over, as a listing by time from the newest change seen would pass it
// over (TestFollowerSeesLateArrivals).
type follower struct {
	tables  Tables   // the listing by time: the minute before a restart
	events  EventLog // nil: no index, no changes
	keep    int
	now     func() time.Time
	cursor  string // where the next poll reads; valid once started
	started bool
	newest  []domain.LogEntry
}

const (
	// followPage and followPages bound one poll's reading of the index:
	// what is left past them waits for the next poll.
	followPage  = 200
	followPages = 5
	// followBack is how far back a restart looks, by time.
	followBack = time.Minute
)

func newFollower(t Tables, e EventLog, keep int, now func() time.Time) *follower {
	return &follower{tables: t, events: e, keep: keep, now: now}
}

// restart forgets what it listed: after a pause, the changes in between
// are not "newest" any more. The next poll starts again.
func (f *follower) restart() { f.started, f.newest = false, nil }

// start takes the present end of the arrival order, then lists the last
// followBack by time for a viewer who just came; a change filed between
// the two is in both, and poll drops the repeat. An index that fails (a
// process without one, or recovering) starts nothing: the next poll
// tries again.
func (f *follower) start() bool {
	cursor, err := f.events.Tail()
	if err != nil {
		return false
	}
	f.cursor, f.started, f.newest = cursor, true, f.lastMinute()
	return true
}

// lastMinute is the newest keep changes of the last followBack, newest
// first; none when the minute is longer than one poll may read, since
// its oldest are then all it would have.
func (f *follower) lastMinute() []domain.LogEntry {
	q := domain.LogQuery{From: f.now().Add(-followBack), Limit: followPage}
	var all []domain.LogEntry
	for range followPages {
		page, err := f.tables.Log(q)
		if err != nil {
			return nil
		}
		all = append(all, page.Entries...)
		if page.Next == "" {
			slices.Reverse(all)
			return slices.Clone(all[:min(len(all), f.keep)])
		}
		q.Cursor = page.Next
	}
	return nil
}

// poll reads the changes filed since the last poll and returns the
// newest keep of all, newest first, and whether they changed.
func (f *follower) poll() ([]domain.LogEntry, bool) {
	if f.events == nil {
		return nil, false
	}
	began := false
	if !f.started {
		if !f.start() {
			return f.newest, false
		}
		began = len(f.newest) > 0
	}
	var fresh []domain.LogEntry
	for range followPages {
		got, err := f.events.Since(f.cursor, "", followPage)
		if err != nil || len(got.Changes) == 0 {
			break
		}
		for _, c := range got.Changes {
			if !slices.ContainsFunc(f.newest, sameChange(c.Entry)) && !slices.ContainsFunc(fresh, sameChange(c.Entry)) {
				fresh = append(fresh, c.Entry)
			}
		}
		f.cursor = got.Next
	}
	if len(fresh) == 0 {
		return f.newest, began
	}
	f.add(fresh)
	return f.newest, true
}

// add puts fresh first: one poll's changes come partition by partition,
// so they are ordered by time among themselves, newest first.
func (f *follower) add(fresh []domain.LogEntry) {
	slices.SortStableFunc(fresh, func(a, b domain.LogEntry) int { return b.At.Compare(a.At) })
	f.newest = append(fresh, f.newest...)
	if len(f.newest) > f.keep {
		f.newest = slices.Clone(f.newest[:f.keep])
	}
}

func sameChange(e domain.LogEntry) func(domain.LogEntry) bool {
	key := changeKey(e)
	return func(o domain.LogEntry) bool { return changeKey(o) == key }
}

func changeKey(e domain.LogEntry) string {
	return e.TransactionID + "\x00" + strconv.FormatInt(e.Version, 10)
}
