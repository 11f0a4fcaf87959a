package integration

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// clusterPartitions is --partitions of the replicated-cluster test: enough
// that every node leads some of each topic.
const clusterPartitions = 6

// TestReplicatedCluster runs the pipeline under steady open-loop load on a
// kafka.sh cluster of three nodes, its topics with three replicas and
// min.insync.replicas 2 (--replication 3): it kills with SIGKILL the node
// that leads most transaction-topic partitions and brings it back, then
// restarts every node in turn (a rolling restart), each after the one
// before has all its replicas in sync again. Every transaction answered 201
// must be terminal exactly once: a record acknowledged by two replicas
// survives the loss of either. A processor process that exits is started
// again while the test waits, as a supervisor would, and reported.
func TestReplicatedCluster(t *testing.T) {
	brokers := requireCluster(t)
	n := controlNodes(t, brokers)
	c := newCluster(t, clusterConfig{brokers: brokers, redis: testenv.Redis(t), partitions: clusterPartitions,
		produceTimeout: outageProduceTimeout, replication: 3})
	kw := watchKafka(t, brokers, c.names.inputs(), c.names.partitions(clusterPartitions))
	c.start("proc-1", rolesProcessor)
	front := c.start("front", rolesFront)
	prepare(t, front)
	topics := append(c.names.topics(), "__consumer_offsets")
	n.waitInSync(t, topics, 2*time.Minute)
	// A quarter of the tier's rate: three JVMs share the machine.
	rate := max(rateFromEnv(t, 200)/4, 1)

	crash := killPhase(t, c, n, kw, front, topics, rate)
	rolling := rollingPhase(t, c, n, front, topics, rate)
	acked := append(crash.acked, rolling.acked...)
	drainedAt := waitLag(t, kw, 0, 2*time.Minute)
	c.requireAlive()
	v := verify(front, acked, 3*time.Minute)
	requireVerdict(t, v, len(acked))

	refused := max(crash.refused, rolling.refused)
	report(t,
		crash.line, rolling.line,
		fmt.Sprintf("lag 0 %s after the load stopped", secs(drainedAt.Sub(rolling.loadEnd))),
		v.String(),
		fmt.Sprintf("processor processes that exited and were started again: %d", len(c.restarted())),
		fmt.Sprintf("cluster: acknowledged %d, lost %d, applied twice %d, longest refusal %s, lag 0 %s after the load",
			len(acked), v.lost, v.appliedTwice, ms(refused), secs(drainedAt.Sub(rolling.loadEnd))),
	)
	for _, note := range c.restarted() {
		t.Log(note)
	}
	c.stopAll()
}

// phase is what one part of the test acknowledged and measured.
type phase struct {
	acked   []sent
	refused time.Duration // the longest streak of refused POSTs
	loadEnd time.Time
	line    string
}

// killPhase kills the node that leads most transaction-topic partitions
// under load, waits until POSTs are acknowledged again without it, brings
// it back and waits until its replicas are in sync.
func killPhase(t *testing.T, c *cluster, n *nodes, kw *kafkaWatch, front *member, topics []string, rate int) phase {
	t.Helper()
	load := startLoad(t, front.postsURL(), testenv.Name(t, "kill"), rate)
	awaitAcked(t, c, load, time.Now(), 3*rate, "three seconds of load acknowledged")
	baseline := steadyLag(t, kw, 5*time.Second)
	victim, led := n.mostLeader(t, c.names.txTopic)

	killed := time.Now()
	n.do(t, "kill", victim)
	awaitAcked(t, c, load, killed, 2*rate, "two seconds of load acknowledged after the kill")
	ackedAgain := firstAcked(load.snapshot(), killed)
	startTook := n.do(t, "start", victim)
	inSync := n.waitInSync(t, topics, 2*time.Minute)
	caughtAt := waitLag(t, kw, max(baseline, 50), 2*time.Minute)
	awaitAcked(t, c, load, inSync, 2*rate, "two seconds of load acknowledged with every replica in sync")

	results := load.finish()
	c.restartCrashed()
	refused := longestRefusal(results)
	return phase{
		acked: created(results), refused: refused, loadEnd: time.Now(),
		line: fmt.Sprintf("kill -9 node %d (leader of %d of %d transaction partitions) under %d tx/s: first 201 %s after the kill; "+
			"kafka.sh start took %s; all replicas in sync %s after the kill; lag back to the steady level (<= %d) %s after the kill; "+
			"longest refusal %s; %s",
			victim, led, clusterPartitions, rate, secs(ackedAgain.Sub(killed)), secs(startTook), secs(inSync.Sub(killed)),
			max(baseline, 50), secs(caughtAt.Sub(killed)), ms(refused), load.summary()),
	}
}

// rollingPhase stops and starts every node in turn under load, each once
// the one before has all its replicas in sync again. Each node's restart
// has a load of its own: the three would outlast one (loadMaxRun).
func rollingPhase(t *testing.T, c *cluster, n *nodes, front *member, topics []string, rate int) phase {
	t.Helper()
	var p phase
	begin := time.Now()
	var steps []string
	var summaries []string
	for i := 1; i <= n.count; i++ {
		load := startLoad(t, front.postsURL(), testenv.Name(t, fmt.Sprintf("roll%d", i)), rate)
		awaitAcked(t, c, load, time.Now(), 2*rate, "two seconds of load acknowledged before node %d restarts", i)
		stopTook := n.do(t, "stop", i)
		startTook := n.do(t, "start", i)
		started := time.Now()
		inSync := n.waitInSync(t, topics, 2*time.Minute)
		awaitAcked(t, c, load, inSync, 2*rate, "two seconds of load acknowledged after node %d restarted", i)
		p.loadEnd = time.Now()
		results := load.finish()
		p.acked = append(p.acked, created(results)...)
		p.refused = max(p.refused, longestRefusal(results))
		c.restartCrashed()
		steps = append(steps, fmt.Sprintf("node %d: stop %s, start %s, in sync %s later", i, secs(stopTook), secs(startTook), secs(inSync.Sub(started))))
		summaries = append(summaries, load.summary().String())
	}
	p.line = fmt.Sprintf("rolling restart under %d tx/s in %s (%s); longest refusal %s; %s",
		rate, secs(time.Since(begin)), strings.Join(steps, "; "), ms(p.refused), strings.Join(summaries, " | "))
	return p
}

// awaitAcked waits until want POSTs started since from were answered 201,
// starting again meanwhile any processor process that exited: a front that
// acknowledges nothing because the one processor is gone would otherwise
// wait out the deadline for a restart that only a supervisor gives.
func awaitAcked(t *testing.T, c *cluster, load *loadGen, from time.Time, want int, format string, args ...any) {
	t.Helper()
	testenv.Eventually(t, 2*time.Minute, func() bool {
		c.restartCrashed()
		return load.answered(http.StatusCreated, from) >= want
	}, format+" (so far %s)", append(args, summaryNow{load})...)
}

// summaryNow prints the load's summary as it is when printed: the
// arguments of a wait's failure message are taken before the wait.
type summaryNow struct{ load *loadGen }

func (s summaryNow) String() string { return s.load.summary().String() }

// firstAcked is when the first POST started at or after from that was
// answered 201 started.
func firstAcked(results []sent, from time.Time) time.Time {
	first := time.Time{}
	for _, r := range results {
		if r.code == http.StatusCreated && !r.start.Before(from) && (first.IsZero() || r.start.Before(first)) {
			first = r.start
		}
	}
	return first
}

// longestRefusal is the longest time POSTs were refused in a row: from the
// start of the first POST of a streak that was not answered 201 (503,
// 504, or no answer) to the start of the next one that was.
func longestRefusal(results []sent) time.Duration {
	sorted := slices.Clone(results)
	slices.SortFunc(sorted, func(a, b sent) int { return a.start.Compare(b.start) })
	var longest time.Duration
	var since time.Time
	for _, r := range sorted {
		switch {
		case r.code != http.StatusCreated && since.IsZero():
			since = r.start
		case r.code == http.StatusCreated && !since.IsZero():
			longest = max(longest, r.start.Sub(since))
			since = time.Time{}
		}
	}
	if !since.IsZero() {
		longest = max(longest, sorted[len(sorted)-1].start.Sub(since))
	}
	return longest
}
