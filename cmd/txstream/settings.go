package main

import (
	"flag"
	"strconv"
	"strings"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/internal/app"
	"github.com/txstream/txstream/streams"
)

// command is a bit set of the subcommands a setting applies to.
type command uint8

const (
	cmdDev command = 1 << iota
	cmdServe
	cmdRatesImport
	cmdDLQList
	cmdDLQReplay
	cmdAPIKeyNew // options only: it reads no setting of a deployment
	cmdHealthcheck

	cmdRuntime = cmdDev | cmdServe // the commands that run roles
	cmdKafka   = cmdRuntime | cmdRatesImport
	cmdDLQ     = cmdDLQList | cmdDLQReplay
	cmdClient  = cmdKafka | cmdDLQ // the commands that talk to Kafka
	cmdProduce = cmdKafka | cmdDLQReplay
)

// commandNames names the commands in the order help and README list them.
var commandNames = []struct {
	cmd  command
	name string
}{{cmdDev, "dev"}, {cmdServe, "serve"}, {cmdRatesImport, "rates import"}, {cmdDLQList, "dlq list"}, {cmdDLQReplay, "dlq replay"}, {cmdHealthcheck, "healthcheck"}}

// setting is one row of the configuration table: the single source of the
// flags, the environment variables, the defaults and the help text, and of
// the README's configuration table (a test keeps them equal).
type setting struct {
	name       string // flag name, without dashes
	value      flag.Value
	def        string // default, parsed by value.Set
	devDef     string // default under "txstream dev", when it differs
	devDiffers bool
	usage      string
	cmds       command
}

// env is the setting's environment variable: TXSTREAM_ and the flag name
// in capitals with underscores.
func (s setting) env() string {
	return "TXSTREAM_" + strings.ToUpper(strings.ReplaceAll(s.name, "-", "_"))
}

// defaultFor is the default under cmd.
func (s setting) defaultFor(cmd command) string {
	if cmd == cmdDev && s.devDiffers {
		return s.devDef
	}
	return s.def
}

// dev sets a default that differs under "txstream dev".
func (s setting) dev(def string) setting {
	s.devDef, s.devDiffers = def, true
	return s
}

func set(name string, v flag.Value, def, usage string, cmds command) setting {
	return setting{name: name, value: v, def: def, usage: usage, cmds: cmds}
}

// defaults are the components' own defaults: the one source of every
// default the table gives a component's setting, formatted as a flag would
// take it. What only the binary knows (roles, the metrics address, logging)
// is written in the table itself.
type defaults struct {
	streams streams.Config
	edge    edge.Config
	actors  actors.Config
}

func componentDefaults() defaults {
	return defaults{streams: streams.DefaultConfig(), edge: edge.DefaultConfig(), actors: actors.DefaultConfig()}
}

// settings binds the configuration table to c.
func settings(c *config) []setting {
	d := componentDefaults()
	return concat(
		backendSettings(c, d),
		listenSettings(c, d),
		topicSettings(c, d.streams.Topics),
		groupSettings(c, d.streams.Groups),
		kafkaSettings(c, d.streams),
		limitSettings(c, d),
		eventSettings(c, d),
		webhookSettings(c, d.streams),
		securitySettings(c),
		logSettings(c),
	)
}

// size formats a byte count as the size flags take it ("16KiB").
func size(n int) string { return sizeValue{&n}.String() }

func concat(lists ...[]setting) []setting {
	var all []setting
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

func backendSettings(c *config, d defaults) []setting {
	return []setting{
		set("role", &c.Roles, "all",
			"roles to run: all, or a comma-separated subset of "+app.RoleNames(), cmdServe),
		set("brokers", listValue{&c.Brokers}, strings.Join(d.streams.Brokers, ","),
			"Kafka brokers, comma-separated; under dev, empty starts the embedded broker", cmdClient).dev(""),
		set("redis", stringValue{&c.Redis}, "localhost:6379",
			"Redis address of the transaction cache; under dev, empty starts the embedded server", cmdRuntime).dev(""),
		set("cache-writes", cacheWritesValue{&c.CacheWrites}, "every",
			"which transactions the cache writes to Redis: every (each new one at its 201 and each change, so a GET on any process finds it at once) or read (only those read through this process in the last minute; right only where one transaction-service process writes to the Redis, as under dev)", cmdRuntime).dev("read"),
		set("embedded-kafka-port", intValue{&c.EmbeddedKafkaPort}, "0",
			"port of the embedded broker on 127.0.0.1; 0 picks a free one", cmdDev),
		set("data-dir", stringValue{&c.DataDir}, d.streams.StorageDir,
			"directory for table state (and, under dev, the embedded broker's log); empty keeps them in memory", cmdRuntime).dev(".txstream"),
	}
}

func listenSettings(c *config, d defaults) []setting {
	return []setting{
		set("transaction-addr", stringValue{&c.TransactionAddr}, d.edge.TransactionAddr,
			"listen address of the Transaction Service; serve's defaults take every interface, since a server is meant to be reached (put keys and TLS on it), dev's only loopback", cmdRuntime).dev(loopback(d.edge.TransactionAddr)),
		set("converter-addr", stringValue{&c.ConverterAddr}, d.edge.ConverterAddr,
			"listen address of the Value Converter Service", cmdRuntime).dev(loopback(d.edge.ConverterAddr)),
		set("manager-addr", stringValue{&c.ManagerAddr}, d.edge.ManagerAddr,
			"listen address of the Transaction Manager Service", cmdRuntime).dev(loopback(d.edge.ManagerAddr)),
		set("metrics-addr", stringValue{&c.MetricsAddr}, ":5004",
			"listen address of the process's /metrics, /healthz, /readyz (and goka's monitor with --goka-monitor); empty disables it", cmdRuntime|cmdHealthcheck).dev(loopback(":5004")),
		set("addresses-file", stringValue{&c.AddressesFile}, "",
			"once ready, write the bound listen addresses (and, under dev, the broker's and Redis's) to this file as one JSON object, written whole or not at all: how a caller that asked for port 0 learns the ports", cmdRuntime),
		set("goka-monitor", boolValue{&c.GokaMonitor}, "false",
			"serve goka's web monitor and table query pages under /goka/ of the manager service and of --metrics-addr", cmdRuntime).dev("true"),
	}
}

func topicSettings(c *config, d streams.Topics) []setting {
	return []setting{
		set("topic-transactions", stringValue{&c.Topics.Transactions}, d.Transactions,
			"topic of requested transactions (the seed's name)", cmdRuntime),
		set("topic-conversions", stringValue{&c.Topics.Conversions}, d.Conversions,
			"topic of conversion requests (the seed's name)", cmdRuntime),
		set("topic-conversion-results", stringValue{&c.Topics.ConversionResults}, d.ConversionResults,
			"topic of conversion results for transactions", cmdRuntime),
		set("topic-rates", stringValue{&c.Topics.Rates}, d.Rates,
			"topic of exchange rates", cmdKafka),
		set("topic-dead-letter", stringValue{&c.Topics.DeadLetter}, d.DeadLetter,
			"topic of dead letters: records a processor could not apply, as they came, with headers naming their source and reason (created with one partition)", cmdRuntime|cmdDLQ),
	}
}

func groupSettings(c *config, d streams.Groups) []setting {
	return []setting{
		set("group-transactions", stringValue{&c.Groups.Transactions}, d.Transactions,
			"consumer group (and table) of the transactions processor", cmdRuntime),
		set("group-conversions", stringValue{&c.Groups.Conversions}, d.Conversions,
			"consumer group (and table) of the conversions processor", cmdRuntime),
		set("group-status-log", stringValue{&c.Groups.StatusLog}, d.StatusLog,
			"consumer group (and table) of the status-log processor", cmdRuntime),
		set("group-rates", stringValue{&c.Groups.Rates}, d.Rates,
			"consumer group (and table) of the rates processor", cmdRuntime),
	}
}

func kafkaSettings(c *config, d streams.Config) []setting {
	return []setting{
		set("partitions", intValue{&c.Partitions}, strconv.Itoa(d.Partitions),
			"partitions of every topic txstream creates but the rates topic; existing topics must have as many", cmdRuntime),
		set("rates-partitions", intValue{&c.RatesPartitions}, strconv.Itoa(d.RatesPartitions),
			"partitions of the rates topic when txstream creates it (an existing one is used as it is)", cmdKafka),
		set("replication", intValue{&c.Replication}, strconv.Itoa(d.Replication),
			"replication factor of every topic txstream creates; an existing topic with another is logged at the start", cmdKafka),
		set("min-insync-replicas", intValue{&c.MinInsyncReplicas}, strconv.Itoa(d.MinInsyncReplicas),
			"min.insync.replicas of every topic txstream creates: replicas that must have a record before a 201; 0 chooses 2 from --replication 3 up, else the broker's default; an existing topic with another is logged at the start", cmdKafka),
		set("client-id", stringValue{&c.ClientID}, d.ClientID,
			"client id this process gives the brokers", cmdClient),
		set("session-timeout", durationValue{&c.SessionTimeout}, d.SessionTimeout.String(),
			"consumer-group session timeout: how soon a dead member's partitions move", cmdRuntime),
		set("heartbeat-interval", durationValue{&c.HeartbeatInterval}, d.HeartbeatInterval.String(),
			"consumer-group heartbeat interval", cmdRuntime),
		set("rebalance-timeout", durationValue{&c.RebalanceTimeout}, d.RebalanceTimeout.String(),
			"how long a rebalance waits for members to rejoin", cmdRuntime),
		set("hot-standby", boolValue{&c.HotStandby}, strconv.FormatBool(d.HotStandby),
			"keep the tables of partitions this member does not own up to date, for fast takeover", cmdRuntime),
		set("recover-ahead", boolValue{&c.RecoverAhead}, strconv.FormatBool(d.RecoverAhead),
			"recover a partition's table before the rebalance that assigns it completes", cmdRuntime),
		set("produce-timeout", durationValue{&c.ProduceTimeout}, d.ProduceTimeout.String(),
			"how long a write waits for Kafka's acknowledgement before failing", cmdProduce),
		set("verdict-timeout", durationValue{&c.VerdictTimeout}, app.DefaultVerdictTimeout.String(),
			"how long a POST /transactions waits, after Kafka's acknowledgement, for the transactions table to show which body won its id; past it the answer is 504 outcome_unknown (a retry with the same id is safe)", cmdRuntime),
		set("answer-at-ack", boolValue{&c.AnswerAtAck}, "false",
			"answer POST /transactions at Kafka's acknowledgement, without waiting for the table's verdict: faster by the processing latency, but two transaction-service processes that get one id with different bodies at once may both answer 201", cmdRuntime),
		set("fetch-min-bytes", sizeValue{&c.FetchMinBytes}, size(d.FetchMinBytes),
			"bytes a consumer's fetch waits for, up to --fetch-max-wait: more means fewer fetches and less CPU, at the price of latency on every hop", cmdRuntime),
		set("fetch-max-wait", durationValue{&c.FetchMaxWait}, d.FetchMaxWait.String(),
			"longest a consumer's fetch waits for --fetch-min-bytes", cmdRuntime),
	}
}

func limitSettings(c *config, d defaults) []setting {
	return []setting{
		set("max-in-flight", intValue{&c.MaxInFlight}, strconv.Itoa(d.edge.MaxInFlight),
			"requests handled at once by each service, long polls apart (--max-long-polls), and submits by the actors; more get 503 with Retry-After", cmdRuntime),
		set("max-body-bytes", sizeValue{&c.MaxBodyBytes}, size(d.edge.MaxBodyBytes),
			"largest request body accepted, and largest item of a batch; larger ones get 413", cmdRuntime),
		set("max-batch", intValue{&c.MaxBatch}, strconv.Itoa(d.edge.MaxBatch),
			"most items in one POST /transactions/batch; more get 413 batch_too_large", cmdRuntime),
		set("max-batch-body-bytes", sizeValue{&c.MaxBatchBodyBytes}, size(d.edge.MaxBatchBodyBytes),
			"largest POST /transactions/batch body accepted (at least --max-body-bytes); larger ones get 413", cmdRuntime),
		set("long-poll-max", durationValue{&c.LongPollMax}, d.edge.WaitMax.String(),
			"longest ?wait= of GET /transactions/{id}; longer waits are cut to it", cmdRuntime),
		// The default: why in edge.Config.MaxLongPolls.
		set("max-long-polls", intValue{&c.MaxLongPolls}, strconv.Itoa(d.edge.MaxLongPolls),
			"GET /transactions/{id}?wait= requests waiting at once in each service, counted apart from --max-in-flight so that they never take the slots of writes; more get 503 with Retry-After", cmdRuntime),
		set("actor-idle-timeout", durationValue{&c.ActorIdle}, d.actors.IdleTimeout.String(),
			"how long a transaction's actor stays in memory after its last message; a later request for the id reads the table again", cmdRuntime),
		set("shutdown-timeout", durationValue{&c.ShutdownTimeout}, "30s",
			"deadline for a graceful stop after SIGINT or SIGTERM", cmdRuntime),
		set("provision-timeout", durationValue{&c.ProvisionTimeout}, app.DefaultProvisionTimeout.String(),
			"how long a start retries creating and checking its topics and tables while the brokers fail it for a cause that can pass (a broker down or just killed, a leader being elected); past it the process exits with the last error. A refused login, ACL or TLS handshake, or a topic of another partition count, fails at once", cmdRuntime),
		set("max-rate-age", durationValue{&c.MaxRateAge}, "0s",
			"oldest rate a conversion may use, counted from the start of the rate's date in UTC; a conversion needing an older one fails with stale_rate; 0s accepts any age", cmdRuntime),
	}
}

func logSettings(c *config) []setting {
	return []setting{
		set("log-format", choiceValue{&c.LogFormat, []string{"text", "json"}}, "text",
			"log format: text or json", cmdKafka),
		set("log-level", choiceValue{&c.LogLevel, []string{"debug", "info", "warn", "error"}}, "info",
			"log level: debug, info, warn or error", cmdKafka),
	}
}
