package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/txstream/txstream/internal/app"
)

// stdio is what a command may touch of the process: its streams, its
// environment and whether stderr is a terminal. Tests pass their own.
type stdio struct {
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	lookupEnv  func(string) (string, bool)
	isTerminal bool
}

func main() {
	// The first SIGINT or SIGTERM starts a graceful stop; after it the
	// signals get their default action again, so a second one ends the
	// process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], stdio{
		stdin:      os.Stdin,
		stdout:     os.Stdout,
		stderr:     os.Stderr,
		lookupEnv:  os.LookupEnv,
		isTerminal: isTerminal(os.Stderr),
	})
	stop()
	os.Exit(code)
}

// run dispatches to a command and turns its error into an exit code.
func run(ctx context.Context, args []string, io stdio) int {
	if len(args) == 0 {
		writeTopHelp(io.stderr)
		return exitUsage
	}
	name, err := dispatch(ctx, args, io)
	code := exitCode(err)
	if code != exitOK {
		fmt.Fprintf(io.stderr, "%s: %s\n", name, oneLine(err))
	}
	return code
}

// exitCode maps a command's error to the process's exit code.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case isUsage(err):
		return exitUsage
	}
	return exitFailure
}

// dispatch runs the command args name and returns the command's name for
// error messages.
func dispatch(ctx context.Context, args []string, io stdio) (string, error) {
	switch args[0] {
	case "-h", "-help", "--help", "help":
		return "txstream", helpCommand(args[1:], io)
	case "dev":
		return "txstream dev", processCommand(ctx, cmdDev, app.ModeDev, args[1:], io)
	case "serve":
		return "txstream serve", processCommand(ctx, cmdServe, app.ModeServe, args[1:], io)
	case "rates":
		if len(args) > 1 && isHelpFlag(args[1]) {
			return "txstream rates", helpCommand([]string{"rates"}, io)
		}
		if len(args) < 2 || args[1] != "import" {
			return "txstream rates", usagef("the rates command has one subcommand: txstream rates import FILE")
		}
		return "txstream rates import", ratesImportCommand(ctx, args[2:], io)
	case "dlq":
		return dlqCommand(ctx, args[1:], io)
	case "apikey":
		return apiKeyCommand(ctx, args[1:], io)
	case "healthcheck":
		return "txstream healthcheck", healthcheckCommand(ctx, args[1:], io)
	case "version", "--version":
		return "txstream version", versionCommand(args[1:], io)
	}
	return "txstream", usagef("unknown command %q; run txstream --help", args[0])
}

// isHelpFlag reports whether arg asks for help, as the flag package
// understands it.
func isHelpFlag(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

func isUsage(err error) bool {
	var ue *usageError
	var se *settingError
	return errors.As(err, &ue) || errors.As(err, &se)
}

// isTerminal reports whether f is a character device, such as a terminal.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
