// Package cache owns the Redis read-through cache of GET
// /transactions/{id}: the entry format (a sorted set holding the
// transaction's JSON, scored by its version: write.go), the versioned write
// that never replaces a newer version, the Refresher that writes the
// transactions table's state changes to Redis off the change feed's
// goroutine, and the rules that keep a stale entry from being served
// (the backoff after a Redis error, the distrust after a lost refresh, the
// entries from before the change feed was live: startup.go).
//
// What it may touch: Redis, through the go-redis client passed to New
// (RedisOptions gives one with short timeouts, and Config.Security's ACL
// login and TLS: security.go); a transaction is opaque JSON and a version
// here. The password is an internal/credential.Password, which never
// prints. It may not import edge, actors, streams or
// metrics: the edge reaches it through its narrow edge.Cache interface,
// the composition root (internal/app) feeds Refresh from the change feed,
// and metrics implement Observer.
//
// State it owns: per Cache, the backoff deadline after a Redis error, the
// distrust deadline after a lost refresh and the moment the change feed
// went live, and under Config.Writes's WritesRead the set of transactions
// it keeps fresh (writes.go: read or written in the last TTL, under a
// mutex of its own); per Refresher, the queue of refreshes (newest
// version per transaction, under one mutex shared by Refresh, Cache.Get
// and Run).
// Redis trouble never fails a read: Get then says "read the table". A
// Refresher writes to Redis on the goroutine of its Run only; Get and Fill
// run on their caller's.
package cache
