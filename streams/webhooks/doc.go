// Package webhooks owns the webhook side of the status stream: the
// registrations (a compacted topic, read through a Registry and written by
// a Registrar), the webhooks group ("webhooks") that turns every status
// change of the transactions table into one signed POST per subscribed
// endpoint, and the webhook-deliveries group that keeps the recent
// outcomes per endpoint for GET /webhooks/{id}/deliveries.
//
// The webhooks group's table is the truth about what is still to deliver:
// per transaction id, the pending messages of each endpoint in version
// order, with their stable webhook-id, attempt count and next due time.
// A Dispatcher, owned by Processor.Run, mirrors the table's local store
// (mirror.go: every write of a partition's store, and the whole store
// once the partition has recovered) and makes the HTTP attempts on a
// bounded pool of goroutines, outside goka's callbacks, so that a slow
// endpoint never stalls a partition. Each attempt's outcome goes back
// through the group's loopback topic, keyed by transaction id, and only
// the callback that applies it advances or reschedules the message: a
// crash or a rebalance loses nothing, since a new owner's dispatcher is
// rebuilt from the recovered table (DESIGN.md, "Webhooks").
//
// Who owns what: the partition goroutines of goka own the table (they
// alone write it); the Dispatcher owns its schedule (under its mutex) and
// every goroutine that makes an attempt; the Registry owns its in-memory
// copy of the registrations. Secrets never reach a log line, a metric or
// an error: domain.WebhookSecret hides itself.
//
// It writes only its group tables, the loopback topic, the deliveries
// topic and the dead-letter topic; the Registrar writes only the
// registrations topic. It may not import edge, actors or metrics: what
// happens is told through Observer.
package webhooks
