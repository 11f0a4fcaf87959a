// Package edge owns txstream's HTTP side: the three fasthttp services of
// the seed (Transaction Service :5001, Value Converter Service :5002,
// Transaction Manager Service :5003), their routing (the radix trees of
// github.com/fasthttp/router behind the edge's own path rules, 404 and
// 405: router.go), the strict request decoders (which read bodies with the
// scanner of edge/jsonscan), query parsing, the one error catalog
// (catalog.go) rendered as RFC 9457 problem+json with the seed's "error"
// member, the OpenAPI 3.1 document (openapi.json, embedded, served with
// each service's server at its listen address: openapi.go), the access
// checks of every route (access.go, admit.go), the audit line of every
// write (audit.go), the in-flight and long-poll limits, and the
// server-sent event streams (events.go: GET /transactions/{id}/events and,
// with Config.Events, GET /transactions/events) with their own bound,
// keep-alive and per-write deadline. The Redis read-through cache of GET
// /transactions/{id} is the subpackage edge/cache, which the Transaction
// Service reaches through the Cache interface.
//
// Access: each route declares in its route table the scope a request's
// key must hold (an edge/auth scope, scopeAnyKey for /openapi.json, or
// scopeOpen for /healthz and /readyz), and a test walks every table so
// that no route is open by omission. After canonical-path checks and
// routing (404 and 405 unchanged), a request is authenticated
// (Config.Auth; 401 unauthorized with WWW-Authenticate: Bearer), its key's
// scope checked (403 insufficient_scope), its key's rate limit spent
// (Config.Limiter, by the key's name, or per client address when Auth is
// nil; 429 rate_limited with Retry-After, and the RateLimit fields on
// every answer of the route), and only then counted against the overload
// limits. A nil Auth and a nil Limiter are the open, unlimited edge. No
// key, nor any part of one, reaches a log line, a metric or an answer:
// the audit line (at info on Config.Logger: the key's name and key id,
// the route, the id, the status) and Observer.Denied know the principal
// only, and fasthttp's errors do not quote the request
// (SecureErrorLogMessage).
//
// What it may touch: it imports domain for validation and records,
// edge/jsonscan for reading bodies, edge/auth for scopes, principals and
// the sentinels of Authenticator, and edge/ratelimit for the decisions of
// Limiter and their header fields. It reaches everything else through
// interfaces it defines here: Transactions (the per-transaction actors;
// actors.Gateway satisfies it), Tables (the goka views and the status-log
// index), EventLog (the status log in arrival order, for the event
// stream), Cache (edge/cache), RateSetter (the rates topic), Authenticator
// (*auth.Keys), Limiter (*ratelimit.Limiter), Observer (metrics). It may
// not import streams, actors, metrics or edge/cache, and it never talks to
// Kafka itself: nothing rejected here reaches an actor, and no write is
// answered before the actor reports Kafka's acknowledgement. Errors of
// those dependencies are mapped to the catalog by the Config.Classify
// hook, which the composition root (internal/app) fills (for example
// actors.ErrConflict to CodeConflict); the edge never matches on
// another package's error values (auth's request sentinels excepted), and
// never sends their text: every detail is the catalog's (failureDetail)
// or names the request's own fields, since a Kafka client's error names
// brokers and topics.
//
// State it owns: per Server, the in-flight, long-poll and event-stream
// counters (slots.go) and two contexts (soft, ended when shutdown starts, so long
// polls answer at once; hard, ended at the shutdown deadline, so writes
// waiting for Kafka give up). Everything else lives in Kafka, the goka
// tables, the actors or Redis (edge/cache owns its own state). Each
// Server's goroutines are fasthttp's, started by Serve and gone when Serve
// returns: an event stream runs on the goroutine fasthttp starts for a
// hijacked connection, which owns the stream's buffer and position, and
// Serve waits for the streams, which end when soft does.
//
// Choices made here, each documented where it is implemented: unknown and
// duplicate JSON members are refused (decode.go); null means absent; a
// batch's envelope is judged whole and its items one by one, each as the
// POST it stands for and through the same Transactions call, so that a bad
// item refuses only itself (transaction_batch.go); a batch is one request
// for the in-flight and rate limits, its items one submit each for the
// actors'; its body limit is decided on the header (body_limit.go); a
// PUT's body may name the path's id and no other (decode_transaction.go); a
// request without Content-Type is read as JSON; a pending conversion is
// 200 with "status":"pending" (converter_service.go); an id that fails
// domain.ValidateID in a path is 400 invalid_id; query parameters are
// strict; a non-canonical path (encoded slash, dot or empty segment,
// encoded unreserved character) is 400 before routing (path.go); overload
// is 503 with Retry-After; a write Kafka did not acknowledge is 503 when it
// surely was not recorded and 504 outcome_unknown when it may have been
// (Config.classifyWrite, catalog.go); a PUT /rates/{code} that the rates
// table would not apply is 409 with the rate in force, decided on the view
// (converter_service.go); rate files are not uploaded over HTTP; the
// schema and fingerprint members of records stay in the answers (the
// seed's clients read the records whole, and the cache serves them as
// stored), documented in openapi.json.
package edge
