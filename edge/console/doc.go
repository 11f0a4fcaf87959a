// Package console is txstream's operator console: server-rendered pages
// (html/template) under /console/ on the Transaction Manager Service and
// the process address, every file embedded in the binary (go:embed), so
// that no page asks anything of another host and nothing is fetched at
// build or run time (assets/README.md names the one vendored library,
// uPlot, its version and the command that fetched it).
//
// Pages: the live view (home), a search by id, a transaction's page (its
// record, its conversion with the rate, date and source of each leg, its
// history), the status changes of the log index filtered by status and
// time a page at a time, the rates table, the dead letters with a
// replay button, and the webhook endpoints with their recent deliveries
// (webhooks.go). A transaction's page also lists its webhook messages:
// those of each endpoint's recent deliveries with its id, read through
// Webhooks as GET /webhooks/{id}/deliveries reads them; a message not yet
// attempted is not among them, and the page says so.
//
// Live: one sampler (sampler.go) reads the process's Prometheus registry
// and the log index once per Config.Interval, while someone watches and
// for a window after, and keeps the last Config.Window samples: rates of the counters between two
// readings (accepted transactions, finished ones, 4xx and 5xx answers,
// dead letters) and the consumer lag, and the newest status changes
// (follower.go: the changes filed since its last read, in arrival order,
// through EventLog, so that a change of one partition filed after a later
// one of another is not passed over; on a new watch, the last minute by
// time first). Each
// open live view is a server-sent-events response (live.go) that copies
// what it has not sent yet when the sampler wakes it; at most
// Config.MaxStreams are open (503 beyond), and each ends after
// Config.StreamFor, before the server's write timeout, when the browser's
// EventSource reconnects with Last-Event-ID and gets only what it missed.
//
// Access (access.go): with an Authenticator (the services' API keys), a
// page without a session redirects to a login form, which posts a key;
// the key is checked like a Bearer header and kept in an HttpOnly,
// SameSite=Strict cookie for the console's paths, Secure under TLS.
// Every request authenticates the cookie's key again, so a key revoked
// from the key file stops working at once, as on the API, and the server
// keeps no session state. Every page requires the scope of the API route
// it mirrors (console.go's route table); replaying a dead letter requires
// deadletters:write. Every POST carries a CSRF token, the HMAC of a
// random cookie under a key that never leaves the process, and passes Go's
// cross-origin protection (Sec-Fetch-Site, Origin). Every answer has a
// Content-Security-Policy of 'self' only, without inline scripts or
// styles: the templates have none.
//
// What it may touch: it reads through the interfaces of config.go
// (Tables, EventLog, DeadLetters, Webhooks, Authenticator) and a
// prometheus.Gatherer; it
// imports domain and edge/auth, and no other txstream package; it writes
// nothing but the dead-letter replays it is asked for, through
// DeadLetters (internal/app wires it to the code of "txstream dlq").
//
// State: the sampler's samples and changes, under its mutex, written by
// Run's goroutine only; the live streams' slots (a channel); the CSRF key.
// The goroutines: Run's, and the HTTP server's for each request.
package console
