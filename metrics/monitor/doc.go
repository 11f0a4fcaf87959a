// Package monitor serves goka's web monitor (processors and views, their
// partitions, offsets and lag as goka sees them) and its query UI (look up
// a key in a table) under one path prefix, for the manager service to
// mount. It only reads the processors and views it is given; it never
// starts, stops or changes them.
//
// goka's pages load Bootstrap, jQuery, lodash and d3 from public CDNs; a
// browser without internet access shows them unstyled, and the processor
// details (drawn by d3) stay empty while the index, the view list and the
// query UI work. docs/goka-monitor.png was taken that way, offline.
package monitor
