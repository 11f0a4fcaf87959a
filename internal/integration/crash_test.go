package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// TestCrash runs three processor members under steady open-loop load and
// kills one with SIGKILL: its partitions move to the two survivors, and
// after the load every transaction answered 201 is terminal in the table,
// none applied twice. It reports how long the partitions took to move and
// the lag to return.
func TestCrash(t *testing.T) {
	brokers := requireIntegration(t)
	const partitions = 12
	c := newCluster(t, clusterConfig{brokers: brokers, redis: testenv.Redis(t), partitions: partitions})
	kw := watchKafka(t, brokers, c.names.inputs(), c.names.partitions(partitions))
	groups := c.names.groups()

	procs := []*member{c.launch("proc-1", rolesProcessor), c.launch("proc-2", rolesProcessor), c.launch("proc-3", rolesProcessor)}
	for _, m := range procs {
		m.waitReady(t, readyTimeout)
	}
	front := c.start("front", rolesFront)
	prepare(t, front)
	waitSpread(t, kw, nil, groups, []string{"proc-1", "proc-2", "proc-3"}, 90*time.Second)
	before, err := kw.groups()
	if err != nil {
		t.Fatal(err)
	}

	rate := rateFromEnv(t, 200)
	load := startLoad(t, front.postsURL(), testenv.Name(t, "crash"), rate)
	baseline := steadyLag(t, kw, 5*time.Second)
	limit := max(baseline, 50)

	victim := procs[1]
	killed := time.Now()
	victim.kill(t)
	tl := newTimeline(t, killed)
	movedAt := waitSpread(t, kw, tl, groups, []string{"proc-1", "proc-3"}, 120*time.Second)
	caughtAt := waitLag(t, kw, limit, 120*time.Second)
	c.requireAlive()
	after, err := kw.groups()
	if err != nil {
		t.Fatal(err)
	}
	survivors := []*member{procs[0], procs[2]}
	requireMetricsAgree(t, survivors, groups, after)

	loadEnd := time.Now()
	results := load.finish()
	drainedAt := waitLag(t, kw, 0, 60*time.Second)
	acked := created(results)
	summary := load.summary()
	if len(acked) < rate*5 {
		t.Fatalf("only %d transactions acknowledged (%s); the load did not run", len(acked), summary)
	}
	v := verify(front, acked, 3*time.Minute)
	requireVerdict(t, v, len(acked))

	report(t,
		fmt.Sprintf("load: %d tx/s open loop for %s, half converted; %s", rate, secs(loadEnd.Sub(load.begin)), summary),
		fmt.Sprintf("steady lag before the kill (max over 5 s, 3 members): %d records", baseline),
		"partitions per member before: "+ownership(before, groups),
		fmt.Sprintf("kill -9 proc-2: all groups stable over the 2 survivors %s later; lag back to the steady level (<= %d) %s after the kill",
			secs(movedAt.Sub(killed)), limit, secs(caughtAt.Sub(killed))),
		"partitions per member after: "+ownership(after, groups),
		fmt.Sprintf("lag 0 %s after the load stopped", secs(drainedAt.Sub(loadEnd))),
		fmt.Sprintf("redelivered input messages absorbed as duplicates by the survivors: %d", duplicates(t, survivors)),
		v.String(),
		"timeline from the kill (group state[member=partitions]):\n    "+strings.ReplaceAll(tl.String(), "\n", "\n    "),
	)
	c.stopAll()
}

// duplicates sums txstream_stream_duplicates_total over the members: the
// input messages delivered again (at least once) that changed nothing.
func duplicates(t *testing.T, procs []*member) int {
	t.Helper()
	n := 0
	for _, m := range procs {
		mfs, err := m.scrape()
		if err != nil {
			t.Errorf("scrape %s: %v", m.name, err)
			continue
		}
		n += int(testenv.MetricSum(mfs, "txstream_stream_duplicates_total", nil))
	}
	return n
}
