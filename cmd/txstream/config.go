package main

import (
	"github.com/txstream/txstream/internal/app"
)

// config is everything the binary can be told, filled from the settings
// table (defaults, then TXSTREAM_* variables, then flags): what a process
// is built from (app.Config), and what only the binary uses.
type config struct {
	app.Config

	// AddressesFile is written once the process is ready: its bound
	// addresses, for a caller that asked for port 0.
	AddressesFile string

	LogFormat string
	LogLevel  string

	Run runOptions // what one run of a dlq command does: flags only
}
