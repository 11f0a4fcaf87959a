package statuslog

import (
	"bytes"
	"fmt"

	"github.com/syndtr/goleveldb/leveldb/util"
)

const (
	// DefaultLimit is the page size of a query that gives none.
	DefaultLimit = 100
	// MaxLimit bounds the page size, and with it the work of one request.
	MaxLimit = 1000
)

// scan is a query turned into a key range: keys in [start, limit), at most
// n of them, from the lowest or, newest, from the highest.
type scan struct {
	prefix []byte
	start  []byte
	limit  []byte
	n      int
	newest bool
}

// plan validates q and computes its key range.
func plan(q Query) (scan, error) {
	if err := check(q); err != nil {
		return scan{}, err
	}
	s := scan{prefix: spacePrefix(q.Status), n: q.Limit, newest: q.Newest}
	if s.n == 0 {
		s.n = DefaultLimit
	}
	s.start, s.limit = s.prefix, util.BytesPrefix(s.prefix).Limit
	if !q.From.IsZero() {
		s.start = timeBound(s.prefix, q.From)
	}
	if !q.To.IsZero() {
		s.limit = timeBound(s.prefix, q.To)
	}
	if q.Cursor == "" {
		return s, nil
	}
	at, err := decodeCursor(q.Cursor, s.prefix, q.Newest)
	if err != nil {
		return scan{}, err
	}
	if q.Newest {
		// Newest first goes on below the cursor's key (Limit excludes it).
		if bytes.Compare(at, s.limit) < 0 {
			s.limit = at
		}
		return s, nil
	}
	after := at
	// The smallest key greater than the cursor's; the range's own start
	// still applies if the cursor lies before it.
	if next := append(append([]byte(nil), after...), 0); bytes.Compare(next, s.start) > 0 {
		s.start = next
	}
	return s, nil
}

func check(q Query) error {
	switch {
	case q.Limit < 0 || q.Limit > MaxLimit:
		return fmt.Errorf("%w: limit %d, want 1 to %d (0 for %d)", ErrBadQuery, q.Limit, MaxLimit, DefaultLimit)
	case q.Status != "" && !q.Status.Valid():
		return fmt.Errorf("%w: unknown status %q", ErrBadQuery, q.Status)
	case !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From):
		return fmt.Errorf("%w: range ends (%s) before it starts (%s)", ErrBadQuery, q.To, q.From)
	}
	return nil
}
