package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// TestScaleOut starts one processor member and the front, drives steady
// open-loop load, and starts two more processor members: every group's
// partitions spread over the three, the lag returns to its steady level,
// and every transaction answered 201 reaches one terminal state, once.
// It reports how long the rebalance took and what each member took.
func TestScaleOut(t *testing.T) {
	brokers := requireIntegration(t)
	const partitions = 12
	c := newCluster(t, clusterConfig{brokers: brokers, redis: testenv.Redis(t), partitions: partitions})
	kw := watchKafka(t, brokers, c.names.inputs(), c.names.partitions(partitions))
	groups := c.names.groups()

	procs := []*member{c.start("proc-1", rolesProcessor)}
	front := c.start("front", rolesFront)
	prepare(t, front)
	waitSpread(t, kw, nil, groups, []string{"proc-1"}, 60*time.Second)
	// The warm-up transactions (more than one when the first conversions
	// ran before the rate reached the lookup table) are not the load's.
	before, ok := transitionCounts(procs)
	if !ok {
		t.Fatal("scrape proc-1")
	}

	rate := rateFromEnv(t, 200)
	load := startLoad(t, front.postsURL(), testenv.Name(t, "scale"), rate)
	baseline := steadyLag(t, kw, 5*time.Second)
	limit := max(baseline, 50)

	joined := time.Now()
	tl := newTimeline(t, joined)
	procs = append(procs, c.launch("proc-2", rolesProcessor), c.launch("proc-3", rolesProcessor))
	names := []string{"proc-1", "proc-2", "proc-3"}
	spreadAt := waitSpread(t, kw, tl, groups, names, 120*time.Second)
	caughtAt := waitLag(t, kw, limit, 120*time.Second)
	c.requireAlive()
	views, err := kw.groups()
	if err != nil {
		t.Fatal(err)
	}
	requireMetricsAgree(t, procs, groups, views)

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
	landed := landedUnknown(front, results, 10*time.Second)
	counted, expected := requireTransitionsCounted(t, procs, before, append(acked, landed...))

	report(t,
		fmt.Sprintf("load: %d tx/s open loop for %s, half converted; %s", rate, secs(loadEnd.Sub(load.begin)), summary),
		fmt.Sprintf("steady lag before the join (max over 5 s, 1 member): %d records", baseline),
		fmt.Sprintf("rebalance: all groups stable over 3 members %s after the start of proc-2 and proc-3; lag back to the steady level (<= %d) after %s",
			secs(spreadAt.Sub(joined)), limit, secs(caughtAt.Sub(joined))),
		"partitions per member: "+ownership(views, groups),
		fmt.Sprintf("lag 0 %s after the load stopped", secs(drainedAt.Sub(loadEnd))),
		v.String()+fmt.Sprintf("; transitions counted by the members %d (expected %d, %d of them from writes answered 504 outcome_unknown that landed)", counted, expected, len(landed)),
		"timeline from the start of the new members (group state[member=partitions]):\n    "+strings.ReplaceAll(tl.String(), "\n", "\n    "),
	)
	c.stopAll()
}

// ownership says how many partitions each member owns, per group.
func ownership(views map[string]groupView, groups []string) string {
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = fmt.Sprintf("%s %v", strings.SplitN(g, "-", 3)[1], views[g].owned)
	}
	return strings.Join(parts, "; ")
}

// requireMetricsAgree checks that each member's
// txstream_goka_assigned_partitions equals what the broker says it owns.
func requireMetricsAgree(t *testing.T, procs []*member, groups []string, views map[string]groupView) {
	t.Helper()
	var last string
	testenv.Eventually(t, 30*time.Second, func() bool {
		for _, m := range procs {
			if !m.Alive() {
				continue
			}
			got, err := m.assigned(groups)
			if err != nil {
				last = err.Error()
				return false
			}
			for _, g := range groups {
				if got[g] != views[g].owned[m.name] {
					last = fmt.Sprintf("%s reports %v; the broker says %s", m.name, got, ownership(views, groups))
					return false
				}
			}
		}
		return true
	}, "every member's txstream_goka_assigned_partitions equals its assignment (last: %s)", ref{&last})
}

// transitionCounts sums txstream_transaction_transitions_total of the
// members, by status; ok is false when a member could not be scraped.
func transitionCounts(procs []*member) (map[string]int, bool) {
	got := map[string]int{}
	for _, m := range procs {
		mfs, err := m.scrape()
		if err != nil {
			return nil, false
		}
		for _, status := range []string{"received", "converting", "completed", "failed"} {
			got[status] += int(testenv.MetricSum(mfs, "txstream_transaction_transitions_total", map[string]string{"status": status}))
		}
	}
	return got, true
}

// requireTransitionsCounted checks that the members counted, since before
// (taken once the warm-up was done), exactly the status changes the
// acknowledged transactions' histories hold: a transition applied twice
// would be counted twice. Every member that processed must be alive.
func requireTransitionsCounted(t *testing.T, procs []*member, before map[string]int, acked []sent) (got, want int) {
	t.Helper()
	wantBy := map[string]int{"received": len(acked), "converting": 0, "completed": len(acked), "failed": 0}
	for _, s := range acked {
		if s.converted {
			wantBy["converting"]++
		}
	}
	for _, n := range wantBy {
		want += n
	}
	var gotBy map[string]int
	testenv.Eventually(t, 30*time.Second, func() bool {
		counts, ok := transitionCounts(procs)
		if !ok {
			return false
		}
		gotBy, got = map[string]int{}, 0
		for status, n := range counts {
			gotBy[status] = n - before[status]
			got += gotBy[status]
		}
		return got >= want
	}, "the members count %d transitions", want)
	if got != want {
		t.Errorf("the members counted transitions %v, want %v: some were applied more than once (%s)", gotBy, wantBy, memberCounters(procs))
	}
	return got, want
}

// memberCounters describes, per member, the counters that tell a
// redelivery from a restart: duplicates absorbed and processor restarts.
func memberCounters(procs []*member) string {
	var parts []string
	for _, m := range procs {
		mfs, err := m.scrape()
		if err != nil {
			parts = append(parts, m.name+": "+err.Error())
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: duplicates %v, restarts %v, transitions %v", m.name,
			int(testenv.MetricSum(mfs, "txstream_stream_duplicates_total", nil)),
			int(testenv.MetricSum(mfs, "txstream_stream_processor_restarts_total", nil)),
			int(testenv.MetricSum(mfs, "txstream_transaction_transitions_total", nil))))
	}
	return strings.Join(parts, "; ")
}
