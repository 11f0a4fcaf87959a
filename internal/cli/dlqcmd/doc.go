// Package dlqcmd is "txstream dlq list" and "txstream dlq replay": it
// reads the dead-letter topic that the processors write (streams/dlq
// parses it), prints the dead letters for an operator, as a table or as
// JSON lines, and re-publishes the chosen ones to their source topics,
// each once, saying what it did with every one.
//
// It owns the choice of dead letters, the refusals (a table's dead letter,
// an unknown offset, a source topic that does not exist) and the output.
// The record format, the replay markers and Kafka's partitioning are
// streams/dlq's and streams'. It reads no flag or environment variable:
// cmd/txstream fills a ListConfig or ReplayConfig from the settings table
// and its flags, whose names the messages use, Kafka.Security included
// (its clients log in as the processes do: streams.Security).
package dlqcmd
