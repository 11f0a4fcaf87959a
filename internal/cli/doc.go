// Package cli holds what txstream's commands share about talking to the
// operator: the output streams they write to, the logger on standard error
// (dev and serve too), and the one-shot subcommands' (rates import, dlq
// list, dlq replay, version) progress reports.
//
// It owns no flag, environment variable or setting: cmd/txstream parses
// those and hands each subcommand's package a typed configuration. It may
// not exit the process or touch os.Stdout and os.Stderr itself; the
// writers come in an Output.
package cli
