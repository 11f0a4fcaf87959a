package main

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/txstream/txstream/streams"
)

// TestSubcommandHelpListsOnlyItsFlags: the help of each one-shot
// subcommand lists exactly the flags it reads, none of the running
// process's.
func TestSubcommandHelpListsOnlyItsFlags(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"rates", "import"}, withKafkaLogin("brokers", "client-id", "log-format", "log-level", "produce-timeout",
			"rates-partitions", "replication", "min-insync-replicas", "topic-rates")},
		{[]string{"help", "rates"}, withKafkaLogin("brokers", "client-id", "log-format", "log-level", "produce-timeout",
			"rates-partitions", "replication", "min-insync-replicas", "topic-rates")},
		{[]string{"dlq", "list"}, withKafkaLogin("brokers", "client-id", "json", "reason", "source-topic", "topic-dead-letter")},
		{[]string{"apikey", "new"}, []string{"file", "name", "scopes"}},
		{[]string{"help", "apikey"}, []string{"file", "name", "scopes"}},
		{[]string{"dlq", "replay"}, withKafkaLogin("all", "brokers", "client-id", "dry-run", "force", "offset", "produce-timeout",
			"reason", "source-topic", "topic-dead-letter")},
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

// withKafkaLogin is flags and the Kafka login's (TLS and SASL), sorted:
// every command that talks to Kafka logs in as the processes do.
func withKafkaLogin(flags ...string) []string {
	flags = append(flags, "kafka-sasl-mechanism", "kafka-sasl-password-file", "kafka-sasl-user",
		"kafka-tls", "kafka-tls-ca", "kafka-tls-cert", "kafka-tls-key")
	slices.Sort(flags)
	return flags
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
	"topic-rates": "other-rates", "rates-partitions": "3", "replication": "2", "min-insync-replicas": "1",
	"topic-dead-letter": "other-dead-letters", "reason": "malformed", "source-topic": "other", "json": "true",
	"offset": "1", "all": "true", "force": "true", "dry-run": "true",
	"kafka-tls": "true", "kafka-tls-ca": "ca.pem", "kafka-tls-cert": "c.pem", "kafka-tls-key": "k.pem",
	"kafka-sasl-mechanism": "SCRAM-SHA-512", "kafka-sasl-user": "u", "kafka-sasl-password-file": "p",
}

// alsoNeeds are the flags a changed flag is valid only with.
var alsoNeeds = map[string][]string{
	"kafka-tls-cert":           {"--kafka-tls-key=k.pem"},
	"kafka-tls-key":            {"--kafka-tls-cert=c.pem"},
	"kafka-sasl-mechanism":     {"--kafka-sasl-user=u", "--kafka-sasl-password-file=p"},
	"kafka-sasl-user":          {"--kafka-sasl-mechanism=SCRAM-SHA-512", "--kafka-sasl-password-file=p"},
	"kafka-sasl-password-file": {"--kafka-sasl-mechanism=SCRAM-SHA-512", "--kafka-sasl-user=u"},
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
		// The Kafka login's files are read by kafkaSecurity from
		// c.Security.Kafka, which is compared beside the config.
		{cmdRatesImport, func(c *config) any {
			return []any{ratesImportConfig(c, streams.Security{}, "rates.csv", io), c.Security.Kafka}
		}},
		{cmdDLQList, func(c *config) any { return []any{dlqListConfig(c, streams.Security{}, io), c.Security.Kafka} }},
		{cmdDLQReplay, func(c *config) any { return []any{dlqReplayConfig(c, streams.Security{}, io), c.Security.Kafka} }},
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
				changedArgs := append(append(slices.Clone(base), "--"+s.name+"="+value), alsoNeeds[s.name]...)
				plain, changed := parseFor(t, tt.cmd, base), parseFor(t, tt.cmd, changedArgs)
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
