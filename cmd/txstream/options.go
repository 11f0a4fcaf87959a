package main

import (
	"strings"
	"time"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

// runOptions choose what one run of a command does, unlike settings, which
// configure a deployment: they are flags only, so that no environment
// variable left in a shell (TXSTREAM_ALL, TXSTREAM_FORCE) widens a later
// replay, and the README's configuration table does not list them.
type runOptions struct {
	Reason      string
	SourceTopic string
	JSON        bool
	IDs         dlq.IDs
	All         bool
	Force       bool
	DryRun      bool

	KeyFile string // apikey new
	Scopes  string
	KeyName string

	Ready   bool // healthcheck
	Timeout time.Duration
}

// optionsFor binds the options of cmd to o; they share the settings' type
// so that one parser and one help writer serve both.
func optionsFor(o *runOptions, cmd command) []setting {
	return only([]setting{
		set("offset", &o.IDs, "",
			"dead letters to replay, comma-separated: OFFSET, or PARTITION:OFFSET outside partition 0, as dlq list prints them", cmdDLQReplay),
		set("all", boolValue{&o.All}, "false",
			"replay every dead letter that --reason and --source-topic choose", cmdDLQReplay),
		set("reason", stringValue{&o.Reason}, "",
			"only dead letters of this reason: "+strings.Join(streams.DeadLetterReasons(), ", "), cmdDLQ),
		set("source-topic", stringValue{&o.SourceTopic}, "",
			"only dead letters read from this topic", cmdDLQ),
		set("force", boolValue{&o.Force}, "false",
			"replay dead letters that were replayed already", cmdDLQReplay),
		set("dry-run", boolValue{&o.DryRun}, "false",
			"say what would be replayed, and where, without writing anything", cmdDLQReplay),
		set("json", boolValue{&o.JSON}, "false",
			"print JSON lines, with full keys, values and headers, instead of a table", cmdDLQList),
		set("file", stringValue{&o.KeyFile}, "",
			"the key file to append the new key's record to (created 0600 if missing): what --api-keys names", cmdAPIKeyNew),
		set("scopes", stringValue{&o.Scopes}, "",
			"the key's scopes, comma-separated: "+scopeList(), cmdAPIKeyNew),
		set("name", stringValue{&o.KeyName}, "",
			"the key's name in audit lines; empty: key- and its key id", cmdAPIKeyNew),
		set("ready", boolValue{&o.Ready}, "false",
			"probe /readyz (recovered and serving) instead of /healthz (running)", cmdHealthcheck),
		set("timeout", durationValue{&o.Timeout}, "3s",
			"give up after this long, the connection included", cmdHealthcheck),
	}, cmd)
}

// scopeList lists auth's scopes for the help of --scopes.
func scopeList() string {
	var names []string
	for _, s := range auth.Scopes() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}
