// Package transactions is the transactions processor: the goka group that
// owns the transaction state machine. Its group table (JSON of
// domain.Transaction, key = transaction id) is the source of truth for every
// transaction; GET /transactions/{id} reads it through a view.
//
// Graph of the group:
//
//	transaction-topic        (TransactionRequested) --+
//	conversion-result-topic  (Conversion)            --+--> table "<group>-table" (Transaction)
//	                                                      +--> conversion-topic (ConversionRequest)
//
// The table's changelog is also the status stream: every record is the
// whole transaction with its Version and History, which the status-log
// processor folds into its log (one record per write, where a stream of
// its own would add a record per change).
//
// State machine, one version per status:
//
//	received -> converting (target currency set and different) -> completed | failed
//	received -> completed | failed
//
// The input topics can be written by any Kafka client, so every request is
// validated again here with the domain functions, and a value that cannot be
// decoded becomes a failed transaction (reason malformed_event) and a dead
// letter, never a stopped processor. A record on another partition than
// its key's, under a key that is no transaction id, or without a value, is
// only dead-lettered: it changes nothing.
//
// Delivery is at least once: a message can be handled twice when the
// process dies between the table write and the offset commit. The table
// makes the state idempotent (same id and fingerprint: no change), and the
// outputs of the current state are emitted again on every such replay,
// because the first emission may be the part that was lost. The value is
// written again too: goka updates the local store before the changelog
// record reaches Kafka, so the changelog may be what was lost. Downstream
// deduplicates table records by version and conversion requests by
// fingerprint.
//
// The package owns the decision of every transition and nothing else. It
// may not import edge, actors or metrics (it reports through
// streams.Observer), may not write the conversions, status-log or rates
// tables (it only emits to their input topics, and to the dead-letter
// topic; the status-log processor reads its table's changelog), and keeps
// no state outside the goka table.
package transactions
