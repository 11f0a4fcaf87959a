// Package statuslog owns the status-log group ("status-log"): the processor
// that folds the status stream into the ordered history of each
// transaction, and the Index through which the manager service lists those
// histories in time order, filtered and paginated, without scanning the
// table.
//
// The status stream is the transactions table's changelog: each record is
// the whole transaction with its version and history, and the processor
// appends the entries after the last version it has. The transactions
// processor emits no stream of status events of its own, and one table
// write that makes several changes is one record here.
//
// The table holds the JSON of domain.StatusLog. Logs only grow at their
// end, so the processor appends each new entry to the stored bytes, and the
// Index reads only the appended entries, instead of decoding and encoding
// whole histories at every change (layout.go says when that applies; any
// other value is decoded).
//
// The Index also files each entry under the partition and offset of the
// table record that brought it (arrival.go), so that the stream of every
// change (Since, Tail, Changed: GET /transactions/events) can resume from
// a cursor without missing or repeating entries, which the time-ordered
// keys cannot promise: records of other partitions arrive with earlier
// times than entries already sent.
//
// The processor writes only its own group table and the dead-letter topic
// (transactions-table records that decode but that it cannot apply, its own
// table records it cannot read; what the transactions processor's table
// guard dead-letters is only counted, see admit.go). The Index only reads
// that table (through a goka View over all partitions) and keeps a
// derived, rebuildable ordered store beside it; it never writes to Kafka.
//
// It may not import edge, actors or metrics: what happens is told through
// streams.Observer.
package statuslog
