package main

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/edge/cache"
)

// envMap is a fake environment.
type envMap map[string]string

func (e envMap) lookup(k string) (string, bool) { v, ok := e[k]; return v, ok }

func TestDefaultsAreValid(t *testing.T) {
	for _, cn := range commandNames {
		t.Run(cn.name, func(t *testing.T) {
			// serve's one required choice: keys, or open on purpose
			// (TestServeClosedByDefault).
			var args []string
			if cn.cmd == cmdServe {
				args = []string{"--allow-anonymous"}
			}
			c, _, err := parseConfig(cn.cmd, args, envMap{}.lookup)
			if err != nil {
				t.Fatalf("parse defaults: %v", err)
			}
			if err := c.validate(cn.cmd); err != nil {
				t.Fatalf("defaults do not validate: %v", err)
			}
		})
	}
}

// TestServeClosedByDefault: serve without --api-keys refuses to start,
// with a usage error naming the setting and the opt-out; with either it
// starts, and dev needs neither.
func TestServeClosedByDefault(t *testing.T) {
	_, _, err := loadConfig(cmdServe, nil, stdio{lookupEnv: envMap{}.lookup})
	if code := exitCode(err); code != exitUsage {
		t.Fatalf("serve without keys: exit %d (%v), want %d", code, err, exitUsage)
	}
	for _, want := range []string{"--api-keys", "TXSTREAM_API_KEYS", "--allow-anonymous"} {
		if !strings.Contains(oneLine(err), want) {
			t.Errorf("%q does not name %s", oneLine(err), want)
		}
	}
	for name, tc := range map[string]struct {
		cmd  command
		env  envMap
		args []string
	}{
		"serve with keys":   {cmdServe, envMap{"TXSTREAM_API_KEYS": "keys.jsonl"}, nil},
		"serve anonymous":   {cmdServe, envMap{}, []string{"--allow-anonymous"}},
		"dev without flags": {cmdDev, envMap{}, nil},
	} {
		if _, _, err := loadConfig(tc.cmd, tc.args, stdio{lookupEnv: tc.env.lookup}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSeedDefaults(t *testing.T) {
	c, _, err := parseConfig(cmdServe, nil, envMap{}.lookup)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"transactions topic", c.Topics.Transactions, "transaction-topic"},
		{"conversions topic", c.Topics.Conversions, "conversion-topic"},
		{"transaction addr", c.TransactionAddr, ":5001"},
		{"converter addr", c.ConverterAddr, ":5002"},
		{"manager addr", c.ManagerAddr, ":5003"},
		{"brokers", strings.Join(c.Brokers, ","), "localhost:9092"},
		{"redis", c.Redis, "localhost:6379"},
		{"roles", c.Roles.String(), "all"},
		{"cache writes", c.CacheWrites.String(), "every"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s: got %q, want %q", ch.name, ch.got, ch.want)
		}
	}
	if c.ProduceTimeout > 5*time.Second {
		t.Errorf("produce timeout default %s exceeds 5s", c.ProduceTimeout)
	}
}

func TestDevDefaults(t *testing.T) {
	c, _, err := parseConfig(cmdDev, nil, envMap{}.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Brokers) != 0 || c.Redis != "" {
		t.Errorf("dev defaults name backends (%v, %q); want the embedded ones", c.Brokers, c.Redis)
	}
	if c.DataDir == "" {
		t.Error("dev keeps no data directory by default")
	}
	if c.CacheWrites != cache.WritesRead {
		t.Errorf("dev's cache writes %v, want read: its one transaction process needs no 201 in Redis", c.CacheWrites)
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name string
		env  envMap
		args []string
		get  func(*config) string
		want string
	}{
		{"default", envMap{}, nil, func(c *config) string { return itoa(c.Partitions) }, "10"},
		{"env over default", envMap{"TXSTREAM_PARTITIONS": "3"}, nil, func(c *config) string { return itoa(c.Partitions) }, "3"},
		{"flag over env", envMap{"TXSTREAM_PARTITIONS": "3"}, []string{"--partitions=4"}, func(c *config) string { return itoa(c.Partitions) }, "4"},
		{"single dash flag", envMap{}, []string{"-partitions", "6"}, func(c *config) string { return itoa(c.Partitions) }, "6"},
		{"list from env", envMap{"TXSTREAM_BROKERS": "a:1, b:2,"}, nil, func(c *config) string { return strings.Join(c.Brokers, "|") }, "a:1|b:2"},
		{"duration flag", envMap{"TXSTREAM_PRODUCE_TIMEOUT": "2s"}, []string{"--produce-timeout", "750ms"}, func(c *config) string { return c.ProduceTimeout.String() }, "750ms"},
		{"bool flag alone", envMap{}, []string{"--hot-standby"}, func(c *config) string { return boolString(c.HotStandby) }, "true"},
		{"bool from env", envMap{"TXSTREAM_HOT_STANDBY": "true"}, []string{"--hot-standby=false"}, func(c *config) string { return boolString(c.HotStandby) }, "false"},
		{"size with unit", envMap{"TXSTREAM_MAX_BODY_BYTES": "1MiB"}, nil, func(c *config) string { return itoa(c.MaxBodyBytes) }, "1048576"},
		{"roles subset", envMap{}, []string{"--role", "manager,processor"}, func(c *config) string { return c.Roles.String() }, "processor,manager"},
		{"roles all", envMap{"TXSTREAM_ROLE": "processor"}, []string{"--role=all"}, func(c *config) string { return c.Roles.String() }, "all"},
		{"topic rename", envMap{"TXSTREAM_TOPIC_TRANSACTIONS": "tx"}, nil, func(c *config) string { return c.Config.Streams().Topics.Transactions }, "tx"},
		{"log format case", envMap{"TXSTREAM_LOG_FORMAT": "JSON"}, nil, func(c *config) string { return c.LogFormat }, "json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := parseConfig(cmdServe, tt.args, tt.env.lookup)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if got := tt.get(c); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStreamsConfigCarriesSettings(t *testing.T) {
	c, _, err := parseConfig(cmdServe, []string{
		"--brokers=k1:9092,k2:9092", "--partitions=7", "--replication=3", "--data-dir=/var/lib/tx",
		"--session-timeout=20s", "--heartbeat-interval=2s", "--rebalance-timeout=15s", "--produce-timeout=3s",
		"--client-id=node-1", "--hot-standby", "--recover-ahead", "--group-status-log=log",
		"--fetch-min-bytes=16KiB", "--fetch-max-wait=5ms",
	}, envMap{}.lookup)
	if err != nil {
		t.Fatal(err)
	}
	sc := c.Config.Streams()
	if !slices.Equal(sc.Brokers, []string{"k1:9092", "k2:9092"}) || sc.Partitions != 7 || sc.Replication != 3 ||
		sc.StorageDir != "/var/lib/tx" || sc.SessionTimeout != 20*time.Second || sc.HeartbeatInterval != 2*time.Second ||
		sc.RebalanceTimeout != 15*time.Second || sc.ProduceTimeout != 3*time.Second || sc.ClientID != "node-1" ||
		!sc.HotStandby || !sc.RecoverAhead || sc.Groups.StatusLog != "log" ||
		sc.FetchMinBytes != 16<<10 || sc.FetchMaxWait != 5*time.Millisecond {
		t.Errorf("streams config lost a setting: %+v", sc)
	}
	if err := sc.Validate(); err != nil {
		t.Errorf("streams config invalid: %v", err)
	}
}

// TestMaxRateAgeSetting: --max-rate-age is a setting of the commands that
// run the processors, off (0s) by default.
func TestMaxRateAgeSetting(t *testing.T) {
	for _, cmd := range []command{cmdDev, cmdServe} {
		for args, want := range map[string]string{"": "0s", "--max-rate-age=96h": "96h0m0s"} {
			c, _, err := parseConfig(cmd, strings.Fields(args), envMap{}.lookup)
			if err != nil {
				t.Fatalf("%q: %v", args, err)
			}
			got := ""
			for _, s := range settings(c) {
				if s.name == "max-rate-age" {
					got = s.value.String()
				}
			}
			if got != want {
				t.Errorf("%q: max-rate-age %q, want %q", args, got, want)
			}
		}
	}
}

func TestInvalidConfigNamesTheSetting(t *testing.T) {
	tests := []struct {
		name string
		cmd  command
		env  envMap
		args []string
		want string // the setting named in the one line
	}{
		{"partitions zero", cmdServe, envMap{}, []string{"--partitions=0"}, "--partitions (TXSTREAM_PARTITIONS)"},
		{"partitions not a number flag", cmdServe, envMap{}, []string{"--partitions=ten"}, "--partitions"},
		{"partitions not a number env", cmdDev, envMap{"TXSTREAM_PARTITIONS": "ten"}, nil, "TXSTREAM_PARTITIONS"},
		{"replication zero", cmdRatesImport, envMap{}, []string{"--replication", "0"}, "--replication"},
		{"min insync over replication", cmdServe, envMap{}, []string{"--replication=2", "--min-insync-replicas=3"}, "--min-insync-replicas"},
		{"produce timeout zero", cmdServe, envMap{}, []string{"--produce-timeout=0s"}, "--produce-timeout"},
		{"produce timeout words", cmdServe, envMap{"TXSTREAM_PRODUCE_TIMEOUT": "soon"}, nil, "TXSTREAM_PRODUCE_TIMEOUT"},
		{"log format", cmdDev, envMap{}, []string{"--log-format=xml"}, "--log-format"},
		{"cache writes", cmdServe, envMap{"TXSTREAM_CACHE_WRITES": "some"}, nil, "TXSTREAM_CACHE_WRITES"},
		{"log level", cmdServe, envMap{"TXSTREAM_LOG_LEVEL": "loud"}, nil, "TXSTREAM_LOG_LEVEL"},
		{"unknown role", cmdServe, envMap{}, []string{"--role=billing"}, "--role"},
		{"no role", cmdServe, envMap{}, []string{"--role=,"}, "--role"},
		{"serve without brokers", cmdServe, envMap{"TXSTREAM_BROKERS": ""}, nil, "--brokers (TXSTREAM_BROKERS)"},
		{"rates without brokers", cmdRatesImport, envMap{}, []string{"--brokers="}, "--brokers"},
		{"broker without port", cmdServe, envMap{}, []string{"--brokers=kafka"}, "--brokers"},
		{"serve without redis", cmdServe, envMap{}, []string{"--redis="}, "--redis"},
		{"redis not host port", cmdDev, envMap{}, []string{"--redis=redis://x"}, "--redis"},
		{"same topic twice", cmdServe, envMap{}, []string{"--topic-conversion-results=transaction-topic"}, "--topic-conversion-results"},
		{"bad topic name", cmdServe, envMap{}, []string{"--topic-rates=rates topic"}, "--topic-rates"},
		{"same port twice", cmdDev, envMap{}, []string{"--converter-addr=127.0.0.1:5001"}, "--converter-addr"},
		{"listen not host port", cmdServe, envMap{}, []string{"--manager-addr=5003"}, "--manager-addr"},
		{"session under heartbeat", cmdServe, envMap{}, []string{"--session-timeout=1s", "--heartbeat-interval=1s"}, "--session-timeout"},
		{"shutdown zero", cmdDev, envMap{}, []string{"--shutdown-timeout=0s"}, "--shutdown-timeout"},
		{"provision zero", cmdServe, envMap{}, []string{"--provision-timeout=0s"}, "--provision-timeout"},
		{"long poll zero", cmdServe, envMap{}, []string{"--long-poll-max=0s"}, "--long-poll-max"},
		{"in flight zero", cmdServe, envMap{}, []string{"--max-in-flight=0"}, "--max-in-flight"},
		{"long polls zero", cmdServe, envMap{}, []string{"--max-long-polls=0"}, "--max-long-polls"},
		{"event streams zero", cmdServe, envMap{}, []string{"--max-event-streams=0"}, "--max-event-streams"},
		{"event keep-alive zero", cmdDev, envMap{}, []string{"--event-keepalive=0s"}, "--event-keepalive"},
		{"event write timeout zero", cmdServe, envMap{}, []string{"--event-write-timeout=0s"}, "--event-write-timeout"},
		{"webhook workers zero", cmdServe, envMap{}, []string{"--webhook-workers=0"}, "--webhook-workers"},
		{"webhook endpoint concurrency over the workers", cmdDev, envMap{}, []string{"--webhook-workers=8", "--webhook-endpoint-concurrency=9"}, "--webhook-endpoint-concurrency"},
		{"actor idle zero", cmdServe, envMap{}, []string{"--actor-idle-timeout=0s"}, "--actor-idle-timeout"},
		{"max rate age negative", cmdServe, envMap{}, []string{"--max-rate-age=-1h"}, "--max-rate-age"},
		{"fetch min bytes zero", cmdServe, envMap{}, []string{"--fetch-min-bytes=0"}, "--fetch-min-bytes"},
		{"fetch min bytes huge", cmdDev, envMap{}, []string{"--fetch-min-bytes=128MiB"}, "--fetch-min-bytes"},
		{"fetch wait zero", cmdServe, envMap{}, []string{"--fetch-max-wait=0s"}, "--fetch-max-wait"},
		{"fetch wait a minute", cmdServe, envMap{}, []string{"--fetch-max-wait=1m"}, "--fetch-max-wait"},
		{"body too big", cmdServe, envMap{}, []string{"--max-body-bytes=1024MiB"}, "--max-body-bytes"},
		{"body not a size", cmdServe, envMap{}, []string{"--max-body-bytes=big"}, "--max-body-bytes"},
		{"embedded port", cmdDev, envMap{}, []string{"--embedded-kafka-port=70000"}, "--embedded-kafka-port"},
		{"unknown flag", cmdServe, envMap{}, []string{"--colour=blue"}, "--colour"},
		{"flag of another command", cmdRatesImport, envMap{}, []string{"--role=all"}, "--role"},
		{"tls cert without key", cmdServe, envMap{}, []string{"--tls-cert=c.pem"}, "--tls-key"},
		{"tls key without cert", cmdDev, envMap{}, []string{"--tls-key=k.pem"}, "--tls-cert"},
		{"client CA without cert", cmdDev, envMap{}, []string{"--tls-client-ca=ca.pem"}, "--tls-client-ca"},
		{"rate limit negative", cmdServe, envMap{}, []string{"--rate-limit=-1"}, "--rate-limit"},
		{"burst without rate", cmdDev, envMap{}, []string{"--rate-burst=5"}, "--rate-burst"},
		{"keys and anonymous", cmdServe, envMap{"TXSTREAM_API_KEYS": "keys.jsonl"}, []string{"--allow-anonymous"}, "--allow-anonymous"},
		{"unknown sasl mechanism", cmdServe, envMap{}, []string{"--kafka-sasl-mechanism=GSSAPI"}, "--kafka-sasl-mechanism"},
		{"sasl without password file", cmdDLQList, envMap{}, []string{"--kafka-sasl-mechanism=SCRAM-SHA-512", "--kafka-sasl-user=u"}, "--kafka-sasl-password-file"},
		{"sasl without user", cmdRatesImport, envMap{}, []string{"--kafka-sasl-mechanism=SCRAM-SHA-512", "--kafka-sasl-password-file=p"}, "--kafka-sasl-user"},
		{"sasl user without mechanism", cmdServe, envMap{}, []string{"--kafka-sasl-user=u"}, "--kafka-sasl-mechanism"},
		{"plain without tls", cmdDev, envMap{}, []string{"--kafka-sasl-mechanism=plain", "--kafka-sasl-user=u", "--kafka-sasl-password-file=p"}, "--kafka-sasl-mechanism"},
		{"kafka cert without key", cmdDLQReplay, envMap{}, []string{"--kafka-tls-cert=c.pem"}, "--kafka-tls-key"},
		{"redis user without password", cmdServe, envMap{}, []string{"--redis-user=txstream"}, "--redis-password-file"},
		{"redis key without cert", cmdDev, envMap{}, []string{"--redis-tls-key=k.pem"}, "--redis-tls-cert"},
		{"redis flag on rates import", cmdRatesImport, envMap{}, []string{"--redis-user=x"}, "--redis-user"},
		{"kafka login for the embedded broker", cmdDev, envMap{}, []string{"--kafka-sasl-mechanism=SCRAM-SHA-512", "--kafka-sasl-user=u", "--kafka-sasl-password-file=p"}, "embedded broker"},
		{"kafka tls for the embedded broker", cmdDev, envMap{}, []string{"--kafka-tls"}, "embedded broker"},
		{"redis login for the embedded redis", cmdDev, envMap{}, []string{"--redis-user=u", "--redis-password-file=p"}, "embedded Redis"},
		{"redis tls for the embedded redis", cmdDev, envMap{}, []string{"--redis-tls-ca=ca.pem"}, "embedded Redis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := loadConfig(tt.cmd, tt.args, stdio{lookupEnv: tt.env.lookup})
			if err == nil {
				t.Fatal("accepted")
			}
			if code := exitCode(err); code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			line := oneLine(err)
			if !strings.Contains(line, tt.want) {
				t.Errorf("%q does not name %s", line, tt.want)
			}
			if strings.Contains(line, "\n") {
				t.Errorf("more than one line: %q", line)
			}
		})
	}
}

func TestHelpFlag(t *testing.T) {
	for _, cn := range commandNames {
		t.Run(cn.name, func(t *testing.T) {
			var out strings.Builder
			args := []string{"--help"}
			if cn.cmd&cmdClient != 0 {
				args = append([]string{"--brokers=x:1"}, args...)
			}
			_, _, err := loadConfig(cn.cmd, args, stdio{stdout: &out, lookupEnv: envMap{}.lookup})
			if !errors.Is(err, errHelp) || exitCode(err) != exitOK {
				t.Fatalf("got %v, want help", err)
			}
			if !strings.Contains(out.String(), "Usage: txstream "+cn.name) {
				t.Errorf("help of %s does not start with its usage:\n%s", cn.name, out.String())
			}
		})
	}
}

func TestPositionalInterleavedWithFlags(t *testing.T) {
	c, pos, err := parseConfig(cmdRatesImport, []string{"--brokers=a:1", "rates.csv", "--rates-partitions", "2"}, envMap{}.lookup)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pos, []string{"rates.csv"}) || c.RatesPartitions != 2 {
		t.Errorf("positional %v, rates partitions %d", pos, c.RatesPartitions)
	}
}

func TestSettingsTableIsConsistent(t *testing.T) {
	flags, envs := map[string]bool{}, map[string]bool{}
	for _, s := range settings(&config{}) {
		if flags[s.name] || envs[s.env()] {
			t.Errorf("setting %s appears twice", s.name)
		}
		flags[s.name], envs[s.env()] = true, true
		if s.usage == "" || s.cmds == 0 {
			t.Errorf("setting %s has no help or no command", s.name)
		}
		if strings.Contains(s.usage, "|") {
			t.Errorf("setting %s: help would break the README table", s.name)
		}
	}
}

func TestValueRoundTrip(t *testing.T) {
	var n int
	v := sizeValue{&n}
	for _, in := range []string{"64KiB", "1MiB", "1000", "3KiB"} {
		if err := v.Set(in); err != nil {
			t.Fatal(err)
		}
		if v.String() != in {
			t.Errorf("size %q prints as %q", in, v.String())
		}
	}
}

func itoa(n int) string { return strings.TrimSpace(intValue{&n}.String()) }

func boolString(b bool) string { return boolValue{&b}.String() }

// TestProcessSettingsReachTheAppConfig: the settings that size the actors
// and the services land in the app's configuration, which maps them onto
// the components (internal/app's own tests).
func TestProcessSettingsReachTheAppConfig(t *testing.T) {
	c, _, err := parseConfig(cmdServe, []string{"--actor-idle-timeout=750ms", "--max-in-flight=12", "--produce-timeout=3s",
		"--max-long-polls=7", "--long-poll-max=3s", "--max-body-bytes=32KiB", "--provision-timeout=90s"}, envMap{}.lookup)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Config
	if got.ActorIdle != 750*time.Millisecond || got.MaxInFlight != 12 || got.ProduceTimeout != 3*time.Second ||
		got.MaxLongPolls != 7 || got.LongPollMax != 3*time.Second || got.MaxBodyBytes != 32<<10 ||
		got.ProvisionTimeout != 90*time.Second {
		t.Errorf("app config lost a setting: %+v", got)
	}
}
