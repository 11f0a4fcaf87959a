package versioncmd

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/txstream/txstream/internal/cli"
)

// Help is txstream version's help.
const Help = `Usage: txstream version

Prints txstream's version, the module path, the Go version and the
version-control information the Go toolchain stamped into the binary.
"make run", "make build" and "make install" stamp the version that
"git describe --always --dirty" gives; a plain "go run" reports "(devel)"
and no revision.
`

// Run prints the binary's version on o.Stdout: stamped, the version the
// build stamped into package main, in place of the toolchain's when set.
func Run(o cli.Output, stamped string) error {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ErrNoBuildInfo
	}
	Write(o.Stdout, WithStamp(info, stamped))
	return nil
}

// ErrNoBuildInfo is returned by Run for a binary built without module
// support, which records no build information.
var ErrNoBuildInfo = errors.New("no build information in this binary")

// WithStamp is info with the version the build stamped in place of the
// module version the toolchain recorded, when there is one.
func WithStamp(info *debug.BuildInfo, stamped string) *debug.BuildInfo {
	if stamped == "" {
		return info
	}
	c := *info
	c.Main.Version = stamped
	return &c
}

// Write prints what the toolchain recorded: the main module's
// version ("(devel)" for go run), the Go version and the vcs.* settings
// when they were stamped.
func Write(w io.Writer, info *debug.BuildInfo) {
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
