// Package app is the composition of a txstream process: what dev and serve
// run, built from a Config as an explicit, typed build graph.
//
// New binds the process's addresses first (a busy port fails before
// anything is created), then reads the key, certificate and password
// files of Config.Security into the guard (guard.go: the API keys, the
// rate limiter, the listeners' TLS, which wraps every bound listener, and
// the Kafka and Redis logins), then prepares the data directory, starts dev's
// embedded backends, creates the missing topics and tables (retrying what
// a broker that is down fails, until Config.ProvisionTimeout: topics.go,
// provision_retry.go), and builds the
// parts its roles need, each by a function from the parts it needs
// (graph.go): the processors, the read model (views and the status-log
// index), the producer, the actor gateway, the cache. The order in which
// the views' changes reach their listeners is declared once (txListeners).
// Over the graph it builds one readiness (readiness.go), which every
// /readyz and txstream_ready answer, and the HTTP services and the process
// address on the listeners bound up front; at the first ready moment it
// writes the addresses file and prints the banner. Run runs every part
// until its context ends and stops them in the order of the shutdown
// table (stages.go), which also gives each stage its share of the
// deadline.
//
// It owns the lifecycle of what it builds and the order of its parts. It
// reads no flags or environment variables (cmd/txstream does), writes only
// to the Options' logger, Out and addresses file, and holds no business
// logic: the
// components are edge, actors, streams and metrics, used through their
// exported API. Sub-packages: stage runs components in stages; admin is
// the process address.
//
// Who owns what: the graph's parts are built on the caller's goroutine in
// New; from Run on, each part's goroutines belong to the stage runner. The
// change feed's listeners are set once, in New, before any view runs.
package app
