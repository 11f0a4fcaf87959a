package integration

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// Group timeouts of every process. The broker of kafka.sh accepts session
// timeouts down to 100 ms (group.min.session.timeout.ms), but goka v1.1.17
// pauses 5 s after every rebalance before it rejoins the group
// (processor.go, "Consumer group returned, Rebalancing."), without
// heartbeats: with a session or rebalance timeout below that, members are
// expired during every rebalance and the groups never settle (measured:
// 2 s / 3 s did not settle in 2 minutes). 6 s / 8 s settles every time
// here; the crash test's detection time is the session timeout.
const (
	sessionTimeout    = 6 * time.Second
	heartbeatInterval = 300 * time.Millisecond
	rebalanceTimeout  = 8 * time.Second
	readyTimeout      = 120 * time.Second
)

// names are the topics and groups of one test, unique on the shared broker.
type names struct {
	txTopic, convTopic, resultTopic, ratesTopic string
	txGroup, convGroup, logGroup, ratesGroup    string
	// the webhooks' topics and groups, of their own too: a shared broker
	// holds tests of several partition counts.
	hooksTopic, deliveriesTopic, hooksGroup, deliveriesGroup string
}

func newNames(t *testing.T) names {
	n := func(base string) string { return testenv.Name(t, base) }
	return names{
		txTopic: n("it-transactions"), convTopic: n("it-conversions"), resultTopic: n("it-results"), ratesTopic: n("it-rates"),
		txGroup: n("it-tx"), convGroup: n("it-conv"), logGroup: n("it-log"), ratesGroup: n("it-rates"),
		hooksTopic: n("it-hooks"), deliveriesTopic: n("it-hook-deliveries"), hooksGroup: n("it-hooks-g"), deliveriesGroup: n("it-hook-deliveries-g"),
	}
}

// inputs maps each processor group to the topics it consumes: what its
// lag is measured on.
func (n names) inputs() map[string][]string {
	return map[string][]string{
		n.txGroup:    {n.txTopic, n.resultTopic},
		n.convGroup:  {n.convTopic},
		n.logGroup:   {n.txGroup + "-table"}, // the transactions table's changelog
		n.ratesGroup: {n.ratesTopic},
	}
}

// partitions is, per group, the partitions of its inputs when the cluster
// runs with --partitions n: the rates topic keeps txstream's default of one
// (--rates-partitions).
func (n names) partitions(each int) map[string]int {
	out := map[string]int{}
	for group := range n.inputs() {
		out[group] = each
	}
	out[n.ratesGroup] = 1
	return out
}

func (n names) groups() []string { return []string{n.txGroup, n.convGroup, n.logGroup, n.ratesGroup} }

// topics are the test's stream topics and group tables.
func (n names) topics() []string {
	out := []string{n.txTopic, n.convTopic, n.resultTopic, n.ratesTopic}
	for _, g := range n.groups() {
		out = append(out, g+"-table")
	}
	return out
}

func (n names) flags() []string {
	return []string{
		"--topic-transactions", n.txTopic, "--topic-conversions", n.convTopic,
		"--topic-conversion-results", n.resultTopic,
		"--topic-rates", n.ratesTopic,
		"--group-transactions", n.txGroup, "--group-conversions", n.convGroup,
		"--group-status-log", n.logGroup, "--group-rates", n.ratesGroup,
		"--topic-webhooks", n.hooksTopic, "--topic-webhook-deliveries", n.deliveriesTopic,
		"--group-webhooks", n.hooksGroup, "--group-webhook-deliveries", n.deliveriesGroup,
	}
}

// clusterConfig is what differs between the tests.
type clusterConfig struct {
	brokers        []string
	redis          string
	partitions     int
	produceTimeout time.Duration
	// verdictTimeout is --verdict-timeout; 0 keeps txstream's default.
	verdictTimeout time.Duration
	// replication is --replication; 0 keeps txstream's default.
	replication int
	// extra are more flags of every process.
	extra []string
	// dev runs `txstream dev` on its embedded broker and Redis instead of
	// `serve` on brokers and redis; its processes take no --role.
	dev bool
	// dataDir is every process's --data-dir; empty keeps tables in memory
	// (dev is always given one: its default is .txstream).
	dataDir string
}

// cluster is the txstream processes of one test: they share the broker,
// Redis, topics and groups.
type cluster struct {
	t      *testing.T
	bin    string
	cfg    clusterConfig
	names  names
	logDir string

	mu       sync.Mutex
	members  []*member
	restarts []string // restartCrashed's notes, every one so far
}

func newCluster(t *testing.T, cfg clusterConfig) *cluster {
	t.Helper()
	if cfg.produceTimeout == 0 {
		cfg.produceTimeout = 5 * time.Second
	}
	c := &cluster{t: t, bin: buildBinary(t), cfg: cfg, names: newNames(t), logDir: t.TempDir()}
	t.Cleanup(c.logFailures)
	return c
}

// args are the flags of a process named name running roles.
func (c *cluster) args(name, roles string) []string {
	args := []string{"serve", "--role", roles, "--brokers", strings.Join(c.cfg.brokers, ","), "--redis", c.cfg.redis, "--allow-anonymous"}
	if c.cfg.dev {
		args = []string{"dev"}
	}
	if c.cfg.dev || c.cfg.dataDir != "" {
		args = append(args, "--data-dir", c.cfg.dataDir)
	}
	args = append(args, "--client-id", name,
		"--partitions", strconv.Itoa(c.cfg.partitions),
		"--session-timeout", sessionTimeout.String(), "--heartbeat-interval", heartbeatInterval.String(),
		"--rebalance-timeout", rebalanceTimeout.String(),
		"--produce-timeout", c.cfg.produceTimeout.String(),
		"--shutdown-timeout", "20s", "--log-format", "json")
	if c.cfg.replication > 0 {
		args = append(args, "--replication", strconv.Itoa(c.cfg.replication))
	}
	if c.cfg.verdictTimeout > 0 {
		args = append(args, "--verdict-timeout", c.cfg.verdictTimeout.String())
	}
	args = append(args, c.cfg.extra...)
	return append(args, c.names.flags()...)
}

// launch starts a process without waiting for it to be ready.
func (c *cluster) launch(name, roles string) *member {
	c.t.Helper()
	m := spawn(c.t, c.bin, c.logDir, name, roles, c.args(name, roles))
	c.mu.Lock()
	c.members = append(c.members, m)
	c.mu.Unlock()
	return m
}

// start starts a process and waits until it is ready.
func (c *cluster) start(name, roles string) *member {
	c.t.Helper()
	m := c.launch(name, roles)
	m.waitReady(c.t, readyTimeout)
	return m
}

// crashed lists the processes that exited without the test stopping them.
func (c *cluster) crashed() []*member {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*member
	for _, m := range c.members {
		if !m.Alive() && !m.killed.Load() {
			out = append(out, m)
		}
	}
	return out
}

// restartCrashed starts again, under the same name and roles, every
// processor member that exited on its own, as a supervisor (systemd,
// Kubernetes) would, and describes each exit. Any other process exiting
// fails the test.
func (c *cluster) restartCrashed() []string {
	c.t.Helper()
	var notes []string
	for _, m := range c.crashed() {
		if m.roles != rolesProcessor {
			c.t.Fatalf("%s exited on its own: %v\n%s", m, m.ExitErr(), m.logTail(60))
		}
		m.killed.Store(true) // replaced
		notes = append(notes, fmt.Sprintf("%s exited at %s (%v): %s", m, m.ExitedAt().Format("15:04:05.0"), m.ExitErr(), m.lastWords(300)))
		c.start(m.name, m.roles)
	}
	c.mu.Lock()
	c.restarts = append(c.restarts, notes...)
	c.mu.Unlock()
	return notes
}

// restarted returns the notes of every restartCrashed so far.
func (c *cluster) restarted() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.restarts)
}

// requireAlive fails the test if a process exited on its own.
func (c *cluster) requireAlive() {
	c.t.Helper()
	if bad := c.crashed(); len(bad) > 0 {
		c.t.Fatalf("%s exited on its own: %v\n%s", bad[0], bad[0].ExitErr(), bad[0].logTail(60))
	}
}

// stopAll stops the running processes with SIGTERM, all at once, and
// fails the test unless each exits 0 within its shutdown deadline.
func (c *cluster) stopAll() {
	c.t.Helper()
	c.requireAlive()
	c.mu.Lock()
	var running []*member
	for _, m := range c.members {
		if m.Alive() {
			running = append(running, m)
		}
	}
	c.mu.Unlock()
	codes := make([]int, len(running))
	var wg sync.WaitGroup
	for i, m := range running {
		wg.Go(func() { codes[i] = m.stop(40 * time.Second) })
	}
	wg.Wait()
	for i, m := range running {
		if codes[i] != 0 {
			c.t.Errorf("%s: exit code %d after SIGTERM\n%s", m, codes[i], m.logTail(30))
		}
	}
}

// logLines counts the lines of every process's output that contain s.
func (c *cluster) logLines(s string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, m := range c.members {
		data, err := os.ReadFile(m.logPath)
		if err != nil {
			continue
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			if strings.Contains(line, s) {
				n++
			}
		}
	}
	return n
}

// logFailures prints the end of every process's output when the test
// failed, then a digest of each member.
func (c *cluster) logFailures() {
	if !c.t.Failed() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.members {
		c.t.Logf("---- %s, alive=%v, exit=%v; log tail:\n%s", m, m.Alive(), m.ExitErr(), m.logTail(40))
		if report := raceReport(m.logPath); report != "" {
			c.t.Logf("---- %s: the race detector's report:\n%s", m, report)
		}
	}
	// Last, where a cut output still shows it: which member stalled.
	digests := make([]string, len(c.members))
	for i, m := range c.members {
		digests[i] = m.digest()
	}
	c.t.Logf("---- the members at the failure:\n%s", strings.Join(digests, "\n"))
}

// raceReport returns the first data race report in the log at path, ""
// if there is none: a process built with -race exits 66 at its first
// race, and the report's accesses are further up than the log's tail.
func raceReport(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	const begin, end = "WARNING: DATA RACE", "=================="
	i := strings.Index(string(data), begin)
	if i < 0 {
		return ""
	}
	report := string(data[i:])
	if j := strings.Index(report, end); j >= 0 {
		report = report[:j]
	}
	return report
}
