package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

const versionHelp = `Usage: txstream version

Prints the module version, the Go version and the version-control
information the Go toolchain stamped into the binary. A binary built with
-buildvcs=false (or outside a git checkout) has no revision to print;
"make build" asks for it.
`

func versionCommand(args []string, io stdio) error {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
			fmt.Fprint(io.stdout, versionHelp)
			return errHelp
		}
		return usagef("version takes no arguments")
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Errorf("no build information in this binary")
	}
	writeVersion(io.stdout, info)
	return nil
}

// writeVersion prints what the toolchain recorded: the main module's
// version ("(devel)" for a build from a checkout), the Go version and the
// vcs.* settings when they were stamped.
func writeVersion(w io.Writer, info *debug.BuildInfo) {
	fmt.Fprintf(w, "txstream %s\n", info.Main.Version)
	fmt.Fprintf(w, "%-13s %s\n", "module", info.Main.Path)
	fmt.Fprintf(w, "%-13s %s\n", "go", info.GoVersion)
	stamped := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs", "vcs.revision", "vcs.time", "vcs.modified":
			fmt.Fprintf(w, "%-13s %s\n", s.Key, s.Value)
			stamped = true
		}
	}
	if !stamped {
		fmt.Fprintf(w, "%-13s %s\n", "vcs", "not recorded (built with -buildvcs=false or outside a checkout)")
	}
}
