package main

import (
	"errors"
	"fmt"
	"strings"
)

// errHelp is returned by the parsers when the user asked for help; the
// help has been printed and the process exits 0.
var errHelp = errors.New("help requested")

// errEmptyRoles is returned by parseRoles for a --role that names none.
var errEmptyRoles = errors.New("no role given")

// errUnnamedService is returned by writeAddresses for a service that has
// no name in the addresses file.
var errUnnamedService = errors.New("service without a key")

// exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // a component failed or shutdown missed its deadline
	exitUsage   = 2 // invalid command line or configuration
)

// usageError is a command-line or configuration mistake, printed as one
// line and answered with exitUsage.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// settingError names the setting that is wrong, and where its value came
// from, so that an operator knows what to fix: "invalid --partitions
// (TXSTREAM_PARTITIONS): 0, need at least 1".
type settingError struct {
	source string // "--partitions", "TXSTREAM_PARTITIONS" or both
	err    error
}

func (e *settingError) Error() string { return fmt.Sprintf("invalid %s: %v", e.source, e.err) }
func (e *settingError) Unwrap() error { return e.err }

// invalid is the error of a value that parsed but cannot work.
func invalid(name string, format string, args ...any) error {
	env := setting{name: name}.env()
	return &settingError{source: "--" + name + " (" + env + ")", err: fmt.Errorf(format, args...)}
}

// oneLine keeps an error on one line, as the operator reads it in a log.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// errDeadline is returned by lifecycle.run when components were still
// running at the shutdown deadline.
var errDeadline = errors.New("shutdown deadline passed")

// errStoppedEarly is returned by lifecycle.run for a component that
// returned before it was told to stop.
var errStoppedEarly = errors.New("stopped on its own")
