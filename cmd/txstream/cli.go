package main

import "github.com/txstream/txstream/internal/cli"

// output is what the subcommands' packages may write to.
func (s stdio) output() cli.Output {
	return cli.Output{Stdout: s.stdout, Stderr: s.stderr, Terminal: s.isTerminal}
}
