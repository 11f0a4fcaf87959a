// Package monitor serves goka's web monitor (processors and views, their
// partitions, offsets and lag as goka sees them) and its query UI (look up
// a key in a table) under one path prefix, for the manager service to
// mount. It only reads the processors and views it is given; it never
// starts, stops or changes them.
package monitor
