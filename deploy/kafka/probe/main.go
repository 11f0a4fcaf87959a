package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errUsage
	}
	switch args[0] {
	case "ports":
		return ports(args[1:])
	case "ready":
		return ready(args[1:])
	case "pki":
		return writePKI(args[1:])
	case "setup":
		return setup(args[1:])
	default:
		return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
}
