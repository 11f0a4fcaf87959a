// Package actors is the per-id actor layer between the HTTP edge and Kafka,
// built on protoactor-go. The edge hands each request to the actor that owns
// its id in this process (SubmitTransaction, SubmitConversion, Wait); the
// actor serializes everything about that id: concurrent duplicates coalesce
// into one produce, the reply leaves only after Kafka acknowledged, a later
// identical request is a replay, another body for the id is a conflict, and
// long polls are answered when the terminal status is observed (those of
// WaitNewer, which feed the per-transaction event stream, at any newer
// version).
//
// Across processes, with Config.VerdictTimeout set, a transaction submit
// that produced is answered only once the table shows which body won the
// id (verdict.go): the transactions processor, the single writer of the
// id's partition, keeps the first, so processes that each produced a
// different body give one success and conflicts.
//
// It owns: the actor system's per-id actors (spawn on demand, supervision,
// passivation, shutdown) and the in-flight bound. It does not own the truth:
// Kafka and the goka tables do. An actor reads its id from the table when it
// starts (Lookup) and is told of table changes (Observe), so replay and
// conflict detection survive restarts and passivation. It may not import
// edge, streams or metrics, and talks to Kafka and the tables only through
// the Producer and Lookup interfaces it is given; metrics come through the
// Observer and the actor system's EventStream.
//
// # Lifecycle of an id's actor
//
// Spawned by the first call for the id, as a child of a guardian whose
// strategy is the package's supervisor: a named decider (decideFailure)
// restarts an actor that panicked, after an exponential backoff; the request
// being handled fails with ErrActorFailed, every other request and id goes
// on. The actor passivates (stops itself) after Config.IdleTimeout without
// messages, unless someone waits on it or an event it got acknowledged has
// not shown up in the table yet (at most Config.PendingRetention).
//
// # Who owns what (the ordering note)
//
//	Gateway (any caller goroutine)
//	    inflight, waiting, live     atomics
//	    stopping, abort, drained    set once by Run's shutdown
//	registry shard mutex (64 per kind; never held while waiting on anything)
//	    shard.cells, shard.closed   the id -> cell map; closed by shutdown
//	    cell.pid, cell.sent         written by the gateway when it posts
//	cell (outlives restarts; one per live id)
//	    handled, accepted, ackedAt, waiters, produced, verdicts
//	                                owned by the id's actor, one incarnation
//	                                at a time; handled and sent are compared
//	                                under the shard mutex by the actor itself
//	    pending                     atomic: written by the actor, read by
//	                                Gateway.Pending
//	idActor (one incarnation; its mailbox goroutine)
//	    tx / conv, loaded           the table's state as last read or observed
//	    failed*, current, timer, vtimer
//	                                transient; lost on restart by design
//
// Lock order: a shard mutex is the only lock; actors take it briefly (to
// passivate, or to read cell.sent after a failed produce) and the gateway
// takes it to look up, spawn and post. Posting to a mailbox never blocks, so
// no one waits on anything while holding it. Callers wait on a request's
// one-slot reply channel, which its actor fills exactly once.
//
// # Passivation without losing messages
//
// The gateway posts to an actor only under the shard mutex and counts the
// posts (cell.sent); the actor counts what it dequeued (cell.handled). An
// idle actor removes its cell under that mutex only when the two are equal,
// so nothing is left in a mailbox that stops, and the next call for the id
// spawns a fresh actor that reads the table.
package actors
