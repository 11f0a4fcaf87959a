package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is what "make run", "make build" and "make install" stamp with
// -ldflags "-X main.version=$(git describe --always --dirty)": go run
// records no version of its own ("(devel)"). It is set at link time and
// never written at run time; empty when the build did not stamp it.
var version string

const versionHelp = `Usage: txstream version

Prints txstream's version, the module path, the Go version and the
version-control information the Go toolchain stamped into the binary.
"make run", "make build" and "make install" stamp the version that
"git describe --always --dirty" gives; a plain "go run" reports "(devel)"
and no revision.
`

func versionCommand(args []string, io stdio) error {
	if len(args) > 0 {
		if isHelpFlag(args[0]) {
			fmt.Fprint(io.stdout, versionHelp)
			return errHelp
		}
		return usagef("version takes no arguments")
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Errorf("no build information in this binary")
	}
	writeVersion(io.stdout, withStamp(info, version))
	return nil
}

// withStamp is info with the version the build stamped in place of the
// module version the toolchain recorded, when there is one.
func withStamp(info *debug.BuildInfo, stamped string) *debug.BuildInfo {
	if stamped == "" {
		return info
	}
	c := *info
	c.Main.Version = stamped
	return &c
}

// writeVersion prints what the toolchain recorded: the main module's
// version ("(devel)" for go run), the Go version and the vcs.* settings
// when they were stamped.
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
		fmt.Fprintf(w, "%-13s %s\n", "vcs", "not recorded (go run, -buildvcs=false, or outside a checkout)")
	}
}
