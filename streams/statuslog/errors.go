package statuslog

import "errors"

var (
	// ErrBadCursor is returned by Index.List for a cursor it did not issue,
	// or one issued for another status filter.
	ErrBadCursor = errors.New("statuslog: bad cursor")
	// ErrBadQuery is returned by Index.List for a limit outside 0..MaxLimit,
	// an unknown status, or a time range that ends before it starts.
	ErrBadQuery = errors.New("statuslog: bad query")
	// ErrIndexClosed is returned by Index.List once Run has returned and the
	// derived store is gone.
	ErrIndexClosed = errors.New("statuslog: index closed")
)
