// Command txstream is the one binary of txstream. It reads flags and
// TXSTREAM_* environment variables (nowhere else in the module reads them)
// into a configuration, and for dev and serve hands it to internal/app,
// which builds the roles it is asked to run and runs them until SIGINT or
// SIGTERM, then shuts them down in order within a deadline.
//
//	txstream dev                  every role in one process, embedded backends
//	txstream serve --role LIST    chosen roles against real Kafka and Redis
//	txstream rates import FILE    publish ECB reference rates
//	txstream dlq list             list the dead letters of the processors
//	txstream dlq replay           re-publish chosen dead letters, once each
//	txstream version              build information
//
// The one-shot subcommands live in packages of their own
// (internal/cli/ratescmd, internal/cli/dlqcmd): main parses the settings
// that apply to each and hands it a typed Config.
//
// It owns the settings table, logging setup and the exit codes; the
// composition of dev and serve is internal/app's. It holds no business
// logic and may not reach into a package's internals.
package main
