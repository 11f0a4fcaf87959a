// Package edge owns txstream's HTTP side: the three fasthttp services of
// the seed (Transaction Service :5001, Value Converter Service :5002,
// Transaction Manager Service :5003), their routing (the radix trees of
// github.com/fasthttp/router behind the edge's own path rules, 404 and
// 405: router.go), the strict request decoders (which read bodies with the
// scanner of edge/jsonscan), query parsing, the one error catalog
// (catalog.go) rendered as RFC 9457 problem+json with the seed's "error"
// member, the OpenAPI 3.1 document (openapi.json, embedded), and the
// in-flight and long-poll limits. The Redis read-through cache of GET
// /transactions/{id} is the subpackage edge/cache, which the Transaction
// Service reaches through the Cache interface.
//
// What it may touch: it imports domain for validation and records and
// edge/jsonscan for reading bodies, and reaches everything else through
// interfaces it defines here: Transactions (the per-transaction actors;
// actors.Gateway satisfies it), Tables (the goka views and the status-log
// index), Cache (edge/cache), RateSetter (the rates topic), Observer
// (metrics). It may not import streams, actors, metrics or edge/cache, and
// it never talks to Kafka itself: nothing rejected here reaches an actor,
// and no write is answered before the actor reports Kafka's
// acknowledgement. Errors of those dependencies are mapped to the catalog
// by the Config.Classify hook, which the composition root fills (for
// example actors.ErrConflict to CodeConflict); the edge never matches on
// another package's error values.
//
// State it owns: per Server, the in-flight and long-poll counters
// (slots.go) and two contexts (soft, ended when shutdown starts, so long
// polls answer at once; hard, ended at the shutdown deadline, so writes
// waiting for Kafka give up). Everything else lives in Kafka, the goka
// tables, the actors or Redis (edge/cache owns its own state). Each
// Server's goroutines are fasthttp's, started by Serve and gone when Serve
// returns.
//
// Choices made here, each documented where it is implemented: unknown and
// duplicate JSON members are refused (decode.go); null means absent; a
// request without Content-Type is read as JSON; a pending conversion is
// 200 with "status":"pending" (converter_service.go); an id that fails
// domain.ValidateID in a path is 400 invalid_id; query parameters are
// strict; a non-canonical path (encoded slash, dot or empty segment,
// encoded unreserved character) is 400 before routing (path.go); overload
// is 503 with Retry-After; a write Kafka did not acknowledge is 503 when it
// surely was not recorded and 504 outcome_unknown when it may have been
// (Config.classifyWrite, catalog.go); a PUT /rates/{code} that the rates
// table would not apply is 409 with the rate in force, decided on the view
// (converter_service.go); rate files are not uploaded over HTTP.
package edge
