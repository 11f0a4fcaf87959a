// Package dlq reads the dead-letter topic that the stream processors write
// (the format is in streams/deadletter.go) and re-publishes chosen dead
// letters to their source topics once an operator fixed the cause.
//
// A replay is recorded in the dead-letter topic itself: after the
// re-published record is acknowledged, a marker record names the dead
// letter and where it went. Readers treat a dead letter with a marker as
// replayed, which makes a replay idempotent without any other store.
package dlq
