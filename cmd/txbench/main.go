package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const topUsage = `txbench measures txstream against this machine's ceilings.

  txbench run  [flags]   ceilings, ingest, half-rate latency, sustained rate (make bench)
  txbench soak [flags]   RSS of "txstream serve --role all" over many transactions
  txbench load [flags]   one closed- or open-loop run against a running Transaction Service
  txbench produce [flags] the raw produce rate into any brokers, txstream's producer settings
  txbench noop [flags]   the no-op server of the HTTP ceiling
  txbench sink [flags]   a webhook receiver that answers 204 (deploy/bench/webhooks.sh)

"txbench COMMAND -h" lists a command's flags.
`

// run dispatches to a command and maps its error to an exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage)
		return 2
	}
	var err error
	switch args[0] {
	case "run":
		err = runCommand(ctx, args[1:], stdout, stderr)
	case "soak":
		err = soakCommand(ctx, args[1:], stdout, stderr)
	case "load":
		err = loadCommand(ctx, args[1:], stdout, stderr)
	case "produce":
		err = produceCommand(ctx, args[1:], stdout, stderr)
	case "noop":
		err = noopCommand(ctx, args[1:], stdout, stderr)
	case "sink":
		err = sinkCommand(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, topUsage)
		return 0
	default:
		err = fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "txbench: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "txbench %s: %v\n", args[0], err)
	return 1
}
