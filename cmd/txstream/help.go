package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/txstream/txstream/internal/app"
	"github.com/txstream/txstream/internal/cli/versioncmd"
	"github.com/txstream/txstream/streams/dlq"
)

// usageText is the top of "txstream --help".
const usageText = `txstream: an actor-model streaming processor for financial transactions.

Usage:
  txstream dev [flags]                 every role in one process; embedded Kafka and Redis unless named
  txstream serve [flags]               the roles named by --role, against real Kafka and Redis
  txstream rates import [flags] FILE   publish ECB reference rates (XML, CSV or zip) to the rates topic
  txstream dlq list [flags]            list the dead letters: records the processors could not apply
  txstream dlq replay (--offset LIST | --all) [flags]
                                       re-publish dead letters to their source topics, once each
  txstream apikey new --scopes LIST --file FILE [--name NAME]
                                       add an API key to a key file and print it once
  txstream healthcheck [--ready]       probe a running process's /healthz (or /readyz): a container's health check
  txstream version                     print the build information
  txstream help [COMMAND]              print this help, or a command's

Every flag can also be set by its environment variable; a flag wins over
the variable, the variable over the default. "txstream COMMAND --help" lists
the flags of one command with their defaults there.
`

// commandHelp is the top of each command's help.
var commandHelp = map[command]string{
	cmdAPIKeyNew: `Usage: txstream apikey new --scopes LIST --file FILE [--name NAME]

Makes a fresh random API key, appends its record to FILE (the key's
SHA-256 hash, never the key, with its name, scopes and creation time; one
JSON object per line, the file created 0600) and prints the key alone on
the first line of standard output: it is shown this once. A process
started with --api-keys FILE reads the new key within a second, without a
restart; deleting its line revokes it the same way.
`,
	cmdHealthcheck: `Usage: txstream healthcheck [--ready] [--timeout D] [flags]

Asks a running process for GET /healthz (with --ready, /readyz) on its
process address and exits 0 if it answered 200, 1 otherwise, saying why on
standard error: the health check of the container image, which has no
shell. It reads --metrics-addr and --tls-cert, flags or environment, as the
process does, so in the process's container it needs no arguments: an
empty host or 0.0.0.0 is probed on 127.0.0.1, and under --tls-cert it
speaks HTTPS and accepts only the certificate that file holds. A process
with --tls-client-ca asks every client for a certificate, which the health
check has none of: probe such a process with a TCP check.
`,
	cmdDev: `Usage: txstream dev [flags]

Runs every role (transaction, converter, manager, processor) in one process.
Without --brokers and --redis it starts an embedded Kafka-protocol broker and
an embedded Redis-protocol server, creates the topics and loads the sample
exchange rates, then prints the URLs of the three services and of /metrics.
Table state and the embedded broker's log live in --data-dir; with an empty
--data-dir nothing is kept across restarts.
`,
	cmdServe: `Usage: txstream serve [flags]

Runs the roles named by --role against real Kafka brokers and Redis. It
creates missing topics with --partitions and --replication (or says which
existing topic does not match), and /readyz answers 200 only after every
view and processor of this process has recovered its tables.
`,
	cmdRatesImport: `Usage: txstream rates import [flags] FILE

Reads a file of ECB euro foreign exchange reference rates (the daily or
historical file, XML or CSV, or the zip archive the ECB serves it in; "-"
reads standard input) and publishes every rate to the rates topic, where
the rates processor keeps the newest rate of each currency. It creates the
rates topic if it is missing and touches no other topic. A terminal gets a
progress bar; other outputs get one line per thousand rates.
`,
	cmdDLQList: `Usage: txstream dlq list [flags]

Reads the dead-letter topic from its start up to its end when the command
began, and prints one line per dead letter: its OFFSET in the dead-letter
topic (PARTITION:OFFSET outside partition 0), when and by which group it
was dead-lettered, its SOURCE record as topic/partition/offset, the reason,
the key and the value (shortened, unprintable bytes escaped), whether it
was replayed and to where, and the error. A summary counts them by reason.
With --json each dead letter is a JSON object on a line of its own, with
the full key, value and headers: each a string when its bytes are valid
UTF-8, otherwise base64 with "key_encoding", "value_encoding" or the
header's "encoding" set to "base64"; a tombstone's value is null. The
summary then goes to standard error.
`,
	cmdDLQReplay: `Usage: txstream dlq replay (--offset LIST | --all) [flags]

Re-publishes dead letters to their source topics, once their cause is
fixed: the original key, value and headers, plus a header
txstream-replay-of naming the dead letter, on the partition Kafka's
standard partitioner gives the key (a record dead-lettered for a wrong
partition goes to the right one). Once Kafka acknowledged it, a marker
record in the dead-letter topic notes the replay; a dead letter with a
marker is skipped unless --force, so a second replay publishes nothing. A
failure between the two leaves the record published and unmarked, and
says so. Dead letters of table topics (reason bad_table_value) are
refused: a table is fixed by writing a corrected record to its
processor's input topic; so are failed webhook messages (reason
webhook_failed), whose value is the body for the receiver. More than ten records get a progress bar on a
terminal, a line per hundred otherwise, on standard error.
`,
}

// writeTopHelp prints the usage and the whole configuration table.
func writeTopHelp(w io.Writer) {
	fmt.Fprint(w, usageText)
	fmt.Fprintln(w, "\nSettings (flag, environment variable, default, commands):")
	for _, s := range settings(&config{}) {
		fmt.Fprintf(w, "  --%s %s  (%s; default %s; %s)\n", s.name, placeholder(s), s.env(), topDefault(s), commandList(s.cmds))
		fmt.Fprintf(w, "        %s\n", s.usage)
	}
}

// writeCommandHelp prints a command's help with its flags and their
// defaults under it.
func writeCommandHelp(w io.Writer, cmd command) {
	fmt.Fprint(w, commandHelp[cmd])
	if opts := optionsFor(&runOptions{}, cmd); len(opts) > 0 {
		fmt.Fprintln(w, "\nOptions (flags only; default):")
		for _, s := range opts {
			fmt.Fprintf(w, "  --%s %s  (default %s)\n", s.name, placeholder(s), showDefault(s.def))
			fmt.Fprintf(w, "        %s\n", s.usage)
		}
	}
	ss := settingsFor(&config{}, cmd)
	if len(ss) == 0 {
		return
	}
	fmt.Fprintln(w, "\nFlags (environment variable; default):")
	for _, s := range ss {
		fmt.Fprintf(w, "  --%s %s  (%s; default %s)\n", s.name, placeholder(s), s.env(), showDefault(s.defaultFor(cmd)))
		fmt.Fprintf(w, "        %s\n", s.usage)
	}
}

func topDefault(s setting) string {
	if s.devDiffers {
		return showDefault(s.def) + ", under dev " + showDefault(s.devDef)
	}
	return showDefault(s.def)
}

func showDefault(v string) string {
	if v == "" {
		return "empty"
	}
	return v
}

func commandList(cmds command) string {
	var names []string
	for _, c := range commandNames {
		if cmds&c.cmd != 0 {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

// placeholder names the kind of value a flag takes; booleans take none.
func placeholder(s setting) string {
	switch s.value.(type) {
	case boolValue:
		return ""
	case listValue, *dlq.IDs:
		return "LIST"
	case intValue:
		return "N"
	case sizeValue:
		return "SIZE"
	case durationValue:
		return "DURATION"
	case *app.Roles:
		return "ROLES"
	case choiceValue, mechanismValue, cacheWritesValue:
		return "WORD"
	}
	return "STRING"
}

// markdownTable renders the configuration table for README.md.
func markdownTable() string {
	var b strings.Builder
	b.WriteString("| Flag | Environment variable | Default | Commands | Meaning |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for _, s := range settings(&config{}) {
		def := markdownDefault(s.def)
		if s.devDiffers {
			def += " (dev: " + markdownDefault(s.devDef) + ")"
		}
		fmt.Fprintf(&b, "| `--%s` | `%s` | %s | %s | %s |\n", s.name, s.env(), def, commandList(s.cmds), s.usage)
	}
	return b.String()
}

func markdownDefault(v string) string {
	if v == "" {
		return "empty"
	}
	return "`" + v + "`"
}

// helpCommand prints the top help or a command's help on stdout.
func helpCommand(args []string, io stdio) error {
	switch {
	case len(args) == 0:
		writeTopHelp(io.stdout)
	case args[0] == "dev":
		writeCommandHelp(io.stdout, cmdDev)
	case args[0] == "serve":
		writeCommandHelp(io.stdout, cmdServe)
	case args[0] == "rates":
		writeCommandHelp(io.stdout, cmdRatesImport)
	case args[0] == "dlq":
		writeCommandHelp(io.stdout, cmdDLQList)
		fmt.Fprintln(io.stdout)
		writeCommandHelp(io.stdout, cmdDLQReplay)
	case args[0] == "apikey":
		writeCommandHelp(io.stdout, cmdAPIKeyNew)
	case args[0] == "healthcheck":
		writeCommandHelp(io.stdout, cmdHealthcheck)
	case args[0] == "version":
		fmt.Fprint(io.stdout, versioncmd.Help)
	default:
		return usagef("no help for %q; commands are dev, serve, rates import, dlq, apikey, healthcheck, version", args[0])
	}
	return errHelp
}
