package main

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSubcommandHelpListsOnlyItsFlags: the help of each one-shot
// subcommand lists exactly the flags it reads, none of the running
// process's.
func TestSubcommandHelpListsOnlyItsFlags(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"rates", "import"}, []string{"brokers", "client-id", "log-format", "log-level", "produce-timeout",
			"rates-partitions", "replication", "topic-rates"}},
		{[]string{"help", "rates"}, []string{"brokers", "client-id", "log-format", "log-level", "produce-timeout",
			"rates-partitions", "replication", "topic-rates"}},
		{[]string{"dlq", "list"}, []string{"brokers", "client-id", "json", "reason", "source-topic", "topic-dead-letter"}},
		{[]string{"dlq", "replay"}, []string{"all", "brokers", "client-id", "dry-run", "force", "offset", "produce-timeout",
			"reason", "source-topic", "topic-dead-letter"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			got := listedFlags(helpOf(t, tt.args...))
			if !slices.Equal(got, tt.want) {
				t.Errorf("txstream %s --help lists %v, want %v", strings.Join(tt.args, " "), got, tt.want)
			}
		})
	}
}

// TestGroupHelp: "txstream rates --help" and "txstream dlq --help" print
// the help of their subcommands, as "txstream help rates" and "txstream
// help dlq" do, instead of a usage error.
func TestGroupHelp(t *testing.T) {
	for _, group := range []string{"rates", "dlq"} {
		t.Run(group, func(t *testing.T) {
			if got, want := helpOf(t, group), helpOf(t, "help", group); got != want || !strings.HasPrefix(got, "Usage: txstream "+group) {
				t.Errorf("txstream %s --help:\n%s\nwant txstream help %s:\n%s", group, got, group, want)
			}
		})
	}
}

// listedFlags is every flag a help text lists, options and settings, sorted.
func listedFlags(help string) []string {
	var flags []string
	for _, m := range regexp.MustCompile(`(?m)^  --([a-z-]+)`).FindAllStringSubmatch(help, -1) {
		flags = append(flags, m[1])
	}
	slices.Sort(flags)
	return flags
}

// otherValue is, for each flag of a subcommand, a valid value other than
// its default.
var otherValue = map[string]string{
	"brokers": "elsewhere:9092", "client-id": "other", "produce-timeout": "7s",
	"log-format": "json", "log-level": "debug",
	"topic-rates": "other-rates", "rates-partitions": "3", "replication": "2",
	"topic-dead-letter": "other-dead-letters", "reason": "malformed", "source-topic": "other", "json": "true",
	"offset": "1", "all": "true", "force": "true", "dry-run": "true",
}

// TestSubcommandFlagsReachTheirConfig: every flag a subcommand's help
// lists changes what its package is given, so none is listed that does
// not apply.
func TestSubcommandFlagsReachTheirConfig(t *testing.T) {
	io := stdio{stdout: &strings.Builder{}, stderr: &strings.Builder{}, lookupEnv: envMap{}.lookup}
	tests := []struct {
		cmd   command
		build func(*config) any
	}{
		{cmdRatesImport, func(c *config) any { return ratesImportConfig(c, "rates.csv", io) }},
		{cmdDLQList, func(c *config) any { return dlqListConfig(c, io) }},
		{cmdDLQReplay, func(c *config) any { return dlqReplayConfig(c, io) }},
	}
	for _, tt := range tests {
		for _, s := range concat(optionsFor(&runOptions{}, tt.cmd), settingsFor(&config{}, tt.cmd)) {
			t.Run(commandList(tt.cmd)+" --"+s.name, func(t *testing.T) {
				value, ok := otherValue[s.name]
				if !ok {
					t.Fatalf("no other value for --%s in otherValue", s.name)
				}
				base := []string{"--brokers", "127.0.0.1:9092"}
				if s.name == "brokers" {
					base = nil
				}
				plain, changed := parseFor(t, tt.cmd, base), parseFor(t, tt.cmd, append(base, "--"+s.name+"="+value))
				if reflect.DeepEqual(tt.build(plain), tt.build(changed)) {
					t.Errorf("--%s=%s changes nothing %s is given", s.name, value, commandList(tt.cmd))
				}
			})
		}
	}
}

func parseFor(t *testing.T, cmd command, args []string) *config {
	t.Helper()
	c, _, err := parseConfig(cmd, args, envMap{}.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.validate(cmd); err != nil {
		t.Fatal(err)
	}
	return c
}
