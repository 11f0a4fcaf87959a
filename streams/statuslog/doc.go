// Package statuslog owns the status-log group ("status-log"): the processor
// that folds the status stream into the ordered history of each transaction,
// and the Index through which the manager service lists those histories in
// time order, filtered and paginated, without scanning the table.
//
// The table holds the JSON of domain.StatusLog. Logs only grow at their
// end, so the processor appends each new entry to the stored bytes, and the
// Index reads only the appended entries, instead of decoding and encoding
// whole histories at every event (layout.go says when that applies; any
// other value is decoded).
//
// The processor writes only its own group table and the dead-letter topic
// (events it cannot apply, table records it cannot read). The Index only reads that
// table (through a goka View over all partitions) and keeps a derived,
// rebuildable ordered store beside it; it never writes to Kafka.
//
// It may not import edge, actors or metrics: what happens is told through
// streams.Observer.
package statuslog
