package monitor

import "errors"

// ErrPrefix is returned by New when the prefix is not a clean absolute
// path such as "/goka".
var ErrPrefix = errors.New("monitor: prefix must start with / and not end with /")

// ErrDuplicateTable is returned by New when two query tables share a name.
var ErrDuplicateTable = errors.New("monitor: duplicate table name")
