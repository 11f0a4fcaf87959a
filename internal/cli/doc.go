// Package cli holds what txstream's one-shot subcommands (rates import,
// dlq list, dlq replay) share about talking to the operator: the output
// streams they write to and the progress reports on standard error.
//
// It owns no flag, environment variable or setting: cmd/txstream parses
// those and hands each subcommand's package a typed configuration. It may
// not exit the process or touch os.Stdout and os.Stderr itself; the
// writers come in an Output.
package cli
