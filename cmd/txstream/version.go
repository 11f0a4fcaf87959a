package main

import (
	"fmt"

	"github.com/txstream/txstream/internal/cli/versioncmd"
)

// version is what "make run", "make build" and "make install" stamp with
// -ldflags "-X main.version=$(git describe --always --dirty)": go run
// records no version of its own ("(devel)"). It is set at link time and
// never written at run time; empty when the build did not stamp it.
var version string

func versionCommand(args []string, io stdio) error {
	if len(args) > 0 {
		if isHelpFlag(args[0]) {
			fmt.Fprint(io.stdout, versioncmd.Help)
			return errHelp
		}
		return usagef("version takes no arguments")
	}
	return versioncmd.Run(io.output(), version)
}
