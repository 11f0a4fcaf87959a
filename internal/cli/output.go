package cli

import "io"

// Output is where a subcommand writes: its results on Stdout, logs and
// progress on Stderr. Terminal says whether Stderr is a terminal, which
// gets a progress bar instead of lines.
type Output struct {
	Stdout   io.Writer
	Stderr   io.Writer
	Terminal bool
}
