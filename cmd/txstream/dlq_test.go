package main

import (
	"strings"
	"testing"
)

func TestDLQBadUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"dlq"}, "two subcommands"},
		{"unknown subcommand", []string{"dlq", "purge"}, `got "purge"`},
		{"nothing chosen", []string{"dlq", "replay"}, "--offset LIST"},
		{"offset and all", []string{"dlq", "replay", "--offset", "1", "--all"}, "exclude each other"},
		{"offset and reason", []string{"dlq", "replay", "--offset", "1", "--reason", "malformed"}, "narrow --all"},
		{"bad offset", []string{"dlq", "replay", "--offset", "x"}, `invalid --offset: "x": not OFFSET or PARTITION:OFFSET`},
		{"unknown reason", []string{"dlq", "list", "--reason", "bad"}, `--reason "bad" is not a reason`},
		{"argument", []string{"dlq", "list", "extra"}, `unexpected argument "extra"`},
		{"replay flag on list", []string{"dlq", "list", "--all"}, "--all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Usage is checked before any broker is contacted.
			code, _, errOut := runTxstream(append(tt.args, "--brokers", "127.0.0.1:1")...)
			line := strings.TrimSuffix(errOut, "\n")
			if code != exitUsage || !strings.Contains(line, tt.want) || strings.Contains(line, "\n") {
				t.Fatalf("exit %d, stderr %q: want exit 2 and one line with %q", code, errOut, tt.want)
			}
		})
	}
}

func TestDLQHelp(t *testing.T) {
	code, out, errOut := runTxstream("help", "dlq")
	if code != exitOK || !strings.Contains(out, "Usage: txstream dlq list") || !strings.Contains(out, "Usage: txstream dlq replay") {
		t.Errorf("help dlq: exit %d\n%s%s", code, out, errOut)
	}
	if top := helpOf(t); !strings.Contains(top, "txstream dlq list") || !strings.Contains(top, "txstream dlq replay") {
		t.Errorf("the top help does not list the dlq commands:\n%s", top)
	}
}

// TestDLQOptionsAreNotSettings keeps one flag from meaning two things.
func TestDLQOptionsAreNotSettings(t *testing.T) {
	for _, cn := range commandNames {
		for _, o := range optionsFor(&runOptions{}, cn.cmd) {
			for _, s := range settingsFor(&config{}, cn.cmd) {
				if o.name == s.name {
					t.Errorf("%s: --%s is an option and a setting", cn.name, o.name)
				}
			}
		}
	}
}
