// Package rates owns the rates group ("rates"): the processor that keeps the
// newest exchange rate of every currency against EUR in its group table,
// and the importer that reads the ECB reference-rate files (daily and
// historical, XML and CSV, plain or zipped) and publishes them to the rates
// topic.
//
// The processor writes only its own group table and the dead-letter topic
// (rates it refuses, table records it cannot read); the conversions
// processor reads the table through a view of its own (streams.Lookup),
// the edge through another.
// A rate replaces the stored one only when domain.Rate.Supersedes says so,
// which makes the table independent of delivery order and of how often a
// file is imported. A rate that decodes but cannot be true — dated more
// than a day ahead of the processor's clock, or outside domain.MinRate …
// domain.MaxRate — is refused, not stored, counted by reason (refusal.go,
// streams.Refuse) and dead-lettered; a future-dated rate stored before
// that check existed gives way to the next valid one. ParseECB refuses an
// implausible rate as any bad value.
//
// An imported rate's source names the file, never the importer's path
// (FileSource).
//
// It ships a small dated sample of the ECB daily file (Sample) so that the
// dev mode converts out of the box; it is not a live feed.
//
// It may not import edge, actors or metrics: what happens is told through
// streams.Observer.
package rates
