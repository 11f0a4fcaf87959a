// Package launch starts the txstream binary as a process of its own, for
// the binary tests, the integration tier and txbench: one launcher, so
// that every caller starts, watches and stops the process the same way.
//
// The process binds its listeners itself: Start gives every listener
// 127.0.0.1:0 unless the caller names one, and --addresses-file in a
// directory of its own; txstream writes the bound addresses there once it
// is ready (Addresses is that file's format, written by WriteAddresses).
// Nothing picks a free port, closes it and hopes it stays free.
//
// A Process keeps the end of its output in memory (and, when asked, all of
// it in a log file), fails at once with that tail when the process exits
// before it is ready, and stops it with a signal and a deadline, SIGKILL
// after. Restart starts it again with the same options, on the same or on
// new addresses.
//
// The package owns the processes it starts and the temporary directories
// of their addresses files, nothing else. Of txstream's packages it
// imports only internal/poll, so that cmd/txstream can use WriteAddresses
// without a cycle.
package launch
