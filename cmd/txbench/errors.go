package main

import "errors"

// errUsage is returned for a command line that cannot work; main exits 2.
var errUsage = errors.New("usage")

// errNotReady is returned when a started server does not become ready in
// time, or exits before it does.
var errNotReady = errors.New("server not ready")

// errNoProc is returned by the /proc readers when the process is gone or
// /proc has no such file (not Linux).
var errNoProc = errors.New("no /proc entry")

// errDrain is returned when the processed count does not catch up with the
// accepted count within the drain timeout.
var errDrain = errors.New("processing did not catch up")

// errHelp is returned when -h was asked for; the usage has been printed.
var errHelp = errors.New("help requested")
