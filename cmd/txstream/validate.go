package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/txstream/txstream/internal/app"
	"github.com/txstream/txstream/streams"
)

// Bounds that keep a typo from becoming an outage.
const (
	maxPartitions = 10000
	minBodyBytes  = 1 << 10
	maxBodyBytes  = 64 << 20
	// maxBatch is TigerBeetle's 8,190 rounded up: a batch's items are
	// submitted at once, so the bound is also one request's work.
	maxBatch          = 10000
	maxBatchBodyBytes = 256 << 20
	maxProduceWait    = 5 * time.Minute
	maxFetchMinBytes  = 64 << 20
	maxFetchWait      = 10 * time.Second
	maxTopicNameSize  = 249
)

// validate reports the first setting of cmd that cannot work, by name.
func (c *config) validate(cmd command) error {
	if cmd == cmdHealthcheck {
		return nil // it reads the process address and certificate only: healthcmd.Config.Validate
	}
	checks := []func(command) error{
		c.checkBackends, c.checkListen, c.checkNames, c.checkKafka, c.checkTimeouts, c.checkLimits, c.checkEvents, c.checkWebhooks, c.checkSecurity,
	}
	for _, check := range checks {
		if err := check(cmd); err != nil {
			return err
		}
	}

	// rates import's few settings are checked above; the streams
	// configuration is that of the commands that run roles.
	if cmd&cmdRuntime == 0 {
		return nil
	}
	sc := c.Config.Streams()
	if len(sc.Brokers) == 0 {
		sc.Brokers = []string{"embedded"} // dev fills them in once the broker runs
	}
	if err := sc.Validate(); err != nil {
		return settingOf(err)
	}
	// Last, so that a mistake in a setting is told first.
	return c.checkClosed(cmd)
}

// settingOf names the setting behind a rule that streams.Config.Validate
// owns, so that the operator is told which flag to change.
func settingOf(err error) error {
	if errors.Is(err, streams.ErrSessionTimeout) {
		return invalid("session-timeout", "%v (--heartbeat-interval)", err)
	}
	return fmt.Errorf("invalid configuration: %w", err)
}

func (c *config) checkBackends(cmd command) error {
	if cmd != cmdDev && len(c.Brokers) == 0 {
		return invalid("brokers", "none given; name at least one host:port")
	}
	for _, b := range c.Brokers {
		if err := checkHostPort(b, true); err != nil {
			return invalid("brokers", "%q: %v", b, err)
		}
	}
	if cmd&cmdRuntime != 0 && (cmd == cmdDev || c.Roles.Has(app.RoleTransaction)) {
		if c.Redis == "" && cmd != cmdDev {
			return invalid("redis", "none given; the transaction role needs a Redis host:port")
		}
		if c.Redis != "" {
			if err := checkHostPort(c.Redis, true); err != nil {
				return invalid("redis", "%q: %v", c.Redis, err)
			}
		}
	}
	if cmd == cmdDev && (c.EmbeddedKafkaPort < 0 || c.EmbeddedKafkaPort > 65535) {
		return invalid("embedded-kafka-port", "%d is not a port (0 to 65535)", c.EmbeddedKafkaPort)
	}
	return nil
}

// checkListen checks the addresses of the services this process runs
// (every role's under dev) and that no two of them share one.
func (c *config) checkListen(cmd command) error {
	if cmd&cmdRuntime == 0 {
		return nil
	}
	cfg := c.Config
	if cmd == cmdDev {
		cfg.Roles = app.AllRoles()
	}
	seen := map[string]string{}
	for _, l := range cfg.Listeners() {
		name := listenSetting(l.Listener)
		if err := checkHostPort(l.Addr, false); err != nil {
			return invalid(name, "%q: %v", l.Addr, err)
		}
		if other, dup := seen[l.Addr]; dup && !anyPort(l.Addr) {
			return invalid(name, "%q is also --%s", l.Addr, other)
		}
		seen[l.Addr] = name
	}
	return nil
}

// checkNames checks topic, group and client names: Kafka's rules, and no
// two settings naming the same topic or group.
func (c *config) checkNames(cmd command) error {
	type name struct{ setting, value string }
	names := []name{{"client-id", c.ClientID}}
	if cmd&cmdRuntime != 0 {
		names = append(names, name{"topic-transactions", c.Topics.Transactions}, name{"topic-conversions", c.Topics.Conversions},
			name{"topic-conversion-results", c.Topics.ConversionResults})
	}
	if cmd&cmdKafka != 0 {
		names = append(names, name{"topic-rates", c.Topics.Rates})
	}
	if cmd&cmdDLQ != 0 {
		names = append(names, name{"topic-dead-letter", c.Topics.DeadLetter})
	}
	if cmd&cmdRuntime != 0 {
		names = append(names, name{"group-transactions", c.Groups.Transactions}, name{"group-conversions", c.Groups.Conversions},
			name{"group-status-log", c.Groups.StatusLog}, name{"group-rates", c.Groups.Rates})
	}
	seen := map[string]string{}
	for _, n := range names {
		if err := checkKafkaName(n.value); err != nil {
			return invalid(n.setting, "%v", err)
		}
		if other, dup := seen[n.value]; dup {
			return invalid(n.setting, "%q is also --%s", n.value, other)
		}
		seen[n.value] = n.setting
	}
	return nil
}

func (c *config) checkKafka(cmd command) error {
	if cmd&cmdKafka == 0 {
		return nil
	}
	switch {
	case cmd&cmdRuntime != 0 && (c.Partitions < 1 || c.Partitions > maxPartitions):
		return invalid("partitions", "%d, need 1 to %d", c.Partitions, maxPartitions)
	case c.RatesPartitions < 1 || c.RatesPartitions > maxPartitions:
		return invalid("rates-partitions", "%d, need 1 to %d", c.RatesPartitions, maxPartitions)
	case c.Replication < 1:
		return invalid("replication", "%d, need at least 1", c.Replication)
	case c.MinInsyncReplicas < 0 || c.MinInsyncReplicas > c.Replication:
		// More than the replicas: no write could ever be acknowledged.
		return invalid("min-insync-replicas", "%d, need 0 (automatic) to --replication (%d)", c.MinInsyncReplicas, c.Replication)
	}
	return nil
}

func (c *config) checkTimeouts(cmd command) error {
	if cmd&cmdProduce != 0 && (c.ProduceTimeout <= 0 || c.ProduceTimeout > maxProduceWait) {
		return invalid("produce-timeout", "%s, need more than 0 and at most %s", c.ProduceTimeout, maxProduceWait)
	}
	if cmd&cmdRuntime == 0 {
		return nil
	}
	// That the session timeout exceeds the heartbeat interval is
	// streams.Config.Validate's rule (settingOf names the flag).
	switch {
	case c.SessionTimeout <= 0:
		return invalid("session-timeout", "%s, need more than 0", c.SessionTimeout)
	case c.HeartbeatInterval <= 0:
		return invalid("heartbeat-interval", "%s, need more than 0", c.HeartbeatInterval)
	case c.RebalanceTimeout <= 0:
		return invalid("rebalance-timeout", "%s, need more than 0", c.RebalanceTimeout)
	case c.ShutdownTimeout <= 0:
		return invalid("shutdown-timeout", "%s, need more than 0", c.ShutdownTimeout)
	case c.ProvisionTimeout <= 0:
		return invalid("provision-timeout", "%s, need more than 0", c.ProvisionTimeout)
	case c.LongPollMax <= 0:
		return invalid("long-poll-max", "%s, need more than 0", c.LongPollMax)
	case c.VerdictTimeout <= 0 || c.VerdictTimeout > maxProduceWait:
		return invalid("verdict-timeout", "%s, need more than 0 and at most %s", c.VerdictTimeout, maxProduceWait)
	case c.ActorIdle <= 0:
		return invalid("actor-idle-timeout", "%s, need more than 0", c.ActorIdle)
	}
	return nil
}

func (c *config) checkLimits(cmd command) error {
	if cmd&cmdRuntime == 0 {
		return nil
	}
	switch {
	case c.MaxInFlight < 1:
		return invalid("max-in-flight", "%d, need at least 1", c.MaxInFlight)
	case c.MaxLongPolls < 1:
		return invalid("max-long-polls", "%d, need at least 1", c.MaxLongPolls)
	case c.MaxBodyBytes < minBodyBytes || c.MaxBodyBytes > maxBodyBytes:
		return invalid("max-body-bytes", "%d, need %d to %d", c.MaxBodyBytes, minBodyBytes, maxBodyBytes)
	case c.MaxBatch < 1 || c.MaxBatch > maxBatch:
		return invalid("max-batch", "%d, need 1 to %d", c.MaxBatch, maxBatch)
	case c.MaxBatchBodyBytes < minBodyBytes || c.MaxBatchBodyBytes > maxBatchBodyBytes:
		return invalid("max-batch-body-bytes", "%d, need %d to %d", c.MaxBatchBodyBytes, minBodyBytes, maxBatchBodyBytes)
	case c.FetchMinBytes < 1 || c.FetchMinBytes > maxFetchMinBytes:
		return invalid("fetch-min-bytes", "%d, need 1 to %d", c.FetchMinBytes, maxFetchMinBytes)
	case c.FetchMaxWait < time.Millisecond || c.FetchMaxWait > maxFetchWait:
		return invalid("fetch-max-wait", "%s, need 1ms to %s", c.FetchMaxWait, maxFetchWait)
	case c.MaxRateAge < 0:
		return invalid("max-rate-age", "%s, need 0s (any age) or more", c.MaxRateAge)
	}
	return nil
}

var errPort = errors.New("port must be a number from 1 to 65535")

// checkHostPort accepts host:port; a listen address may leave the host
// out and use port 0 (a free port, as tests do).
func checkHostPort(addr string, needHost bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("not host:port")
	}
	if needHost && host == "" {
		return fmt.Errorf("no host")
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 || (n == 0 && needHost) {
		return errPort
	}
	return nil
}

func anyPort(addr string) bool {
	_, port, _ := net.SplitHostPort(addr)
	return port == "0"
}

// checkKafkaName applies Kafka's rule for topic names, which also keeps
// group and client names readable.
func checkKafkaName(name string) error {
	switch {
	case name == "":
		return errors.New("empty")
	case name == "." || name == "..":
		return fmt.Errorf("%q is not allowed", name)
	case len(name) > maxTopicNameSize:
		return fmt.Errorf("longer than %d characters", maxTopicNameSize)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return fmt.Errorf("%q: only letters, digits, '.', '_' and '-' are allowed", name)
		}
	}
	return nil
}
