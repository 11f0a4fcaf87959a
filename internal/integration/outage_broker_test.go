package integration

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// outageProduceTimeout is --produce-timeout of the broker outage test: a
// POST that Kafka does not acknowledge fails after it (the edge waits one
// second more for the actor's precise error). outageVerdictTimeout is its
// --verdict-timeout: a POST whose record Kafka acknowledged just before
// the broker stopped waits that long for the table's verdict, which the
// stopped processors cannot give, and is then outcome unknown.
const (
	outageProduceTimeout = time.Second
	outageVerdictTimeout = time.Second
)

// TestBrokerOutage stops the Kafka broker for a few seconds under load:
// POSTs answer 503 quickly while it is down (504 outcome_unknown for those
// on the wire when it stopped, or acknowledged and left without a verdict) and 201 again once it is back, and every
// transaction acknowledged before, during or after the outage is
// processed, once. The processes must ride the outage out.
func TestBrokerOutage(t *testing.T) {
	brokers := requireIntegration(t)
	b := controlBroker(t, brokers)
	const partitions = 6
	c := newCluster(t, clusterConfig{brokers: brokers, redis: testenv.Redis(t), partitions: partitions,
		produceTimeout: outageProduceTimeout, verdictTimeout: outageVerdictTimeout})
	kw := watchKafka(t, brokers, c.names.inputs(), c.names.partitions(partitions))
	c.start("proc-1", rolesProcessor)
	front := c.start("front", rolesFront)
	prepare(t, front)

	rate := rateFromEnv(t, 200) / 2
	load := startLoad(t, front.postsURL(), testenv.Name(t, "outage"), rate)
	testenv.Eventually(t, 60*time.Second, func() bool {
		return load.answered(http.StatusCreated, load.begin) >= 2*rate
	}, "two seconds of load acknowledged")

	stopping := time.Now()
	stopTook := b.stop(t)
	down := time.Now()
	testenv.Eventually(t, 60*time.Second, func() bool {
		return time.Since(down) >= 3*time.Second && load.answered(http.StatusServiceUnavailable, down) >= 5
	}, "the broker down 3 s and POSTs answered 503")
	startTook := b.start(t)
	up := time.Now()
	var firstOK time.Time
	testenv.Eventually(t, 120*time.Second, func() bool {
		if firstOK.IsZero() && load.answered(http.StatusCreated, up) > 0 {
			firstOK = time.Now()
		}
		return load.answered(http.StatusCreated, up) >= 3*rate
	}, "three seconds of load acknowledged after the broker came back")

	loadEnd := time.Now()
	results := load.finish()
	// goka stops a processor whose writes fail, and the process with it
	// (see docs/INTEGRATION.md); what the outage must not cost is data.
	restarted := c.restartCrashed()
	drainedAt := waitLag(t, kw, 0, 120*time.Second)
	c.requireAlive()
	fast := requireFastRefusals(t, results, stopping, up)
	acked := created(results)
	v := verify(front, acked, 3*time.Minute)
	requireVerdict(t, v, len(acked))

	report(t,
		fmt.Sprintf("load: %d tx/s open loop for %s; %s", rate, secs(loadEnd.Sub(load.begin)), load.summary()),
		fmt.Sprintf("kafka.sh stop took %s; the broker was down %s (kafka.sh start took %s of it)",
			secs(stopTook), secs(up.Sub(down)), secs(startTook)),
		fast,
		fmt.Sprintf("first 201 %s after the broker served again; %d acknowledged after it", secs(firstOK.Sub(up)), load.answered(http.StatusCreated, up)),
		fmt.Sprintf("lag 0 %s after the load stopped", secs(drainedAt.Sub(loadEnd))),
		v.String(),
		fmt.Sprintf("processor processes that exited during the outage and were started again after it: %d; processors restarted inside their process: %d",
			len(restarted), c.logLines("processor stopped; restarting it")),
		fmt.Sprintf("status-log gaps recorded (a later version first): %d, filled by a later history: %d",
			c.logLines("table record skips versions"), c.logLines("table record fills a gap")),
	)
	for _, note := range restarted {
		t.Log(note)
	}
	c.stopAll()
}

// requireFastRefusals checks the answers of the POSTs that started while
// the broker was stopping or down: each is 201, 503 (not written) or 504
// outcome_unknown (on the wire when the broker went away) with
// Retry-After, within the produce timeout and the edge's second (plus one
// for a loaded machine); and no POST went unanswered. It returns a line
// for the report.
func requireFastRefusals(t *testing.T, results []sent, from, to time.Time) string {
	t.Helper()
	limit := outageProduceTimeout + outageVerdictTimeout + 2*time.Second
	var during, refused, unknown, acked int
	var slowest time.Duration
	for _, r := range results {
		if r.err != nil {
			t.Errorf("POST %s got no answer: %v", r.id, r.err)
			continue
		}
		if r.start.Before(from) || r.start.After(to) {
			continue
		}
		during++
		switch {
		case r.code == http.StatusCreated:
			acked++
			continue
		case r.code == http.StatusServiceUnavailable:
			refused++
		case r.code == http.StatusGatewayTimeout && r.problem == "outcome_unknown":
			unknown++
		default:
			t.Errorf("POST %s during the outage answered %d %s, want 201, 503 or 504 outcome_unknown", r.id, r.code, r.problem)
			continue
		}
		slowest = max(slowest, r.took)
		if r.retryAfter == "" {
			t.Errorf("POST %s: %d without Retry-After", r.id, r.code)
		}
		if r.took > limit {
			t.Errorf("POST %s answered %d after %s, want within %s", r.id, r.code, r.took, limit)
		}
	}
	if refused == 0 {
		t.Errorf("no POST answered 503 during the outage (%d POSTs)", during)
	}
	return fmt.Sprintf("%d POSTs started while the broker was stopping or down: %d answered 503 and %d 504 outcome_unknown (slowest %s, limit %s), %d answered 201",
		during, refused, unknown, ms(slowest), limit, acked)
}
