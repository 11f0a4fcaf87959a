package integration

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// killRounds is how many times each rounds test kills its process.
const killRounds = 3

// TestKillRoundsDev kills `txstream dev` with SIGKILL under load three
// times on one --data-dir, so that every restart recovers its tables, its
// embedded broker's log and its groups from what the killed process left
// on disk; then it starts it once more and checks every transaction that
// was answered 201.
func TestKillRoundsDev(t *testing.T) {
	requireIntegration(t)
	c := newCluster(t, clusterConfig{dev: true, dataDir: filepath.Join(t.TempDir(), "data"), partitions: 6})
	runKillRounds(t, c, func(m *member) ([]string, string) {
		a := m.Addresses()
		return strings.Split(a[launch.Kafka], ","), a[launch.Redis]
	})
}

// TestKillRoundsServe is TestKillRoundsDev for `txstream serve --role all`
// with a --data-dir, on the tier's Apache Kafka and a redis-server of its
// own, which outlive the killed processes (and keep their cache entries).
func TestKillRoundsServe(t *testing.T) {
	brokers := requireIntegration(t)
	rs := testenv.StartRedisServer(t)
	c := newCluster(t, clusterConfig{brokers: brokers, redis: rs.Addr, partitions: 6, dataDir: filepath.Join(t.TempDir(), "data")})
	runKillRounds(t, c, func(*member) ([]string, string) { return brokers, rs.Addr })
}

// backendsOf names the broker and the Redis a running process uses.
type backendsOf func(*member) (brokers []string, redis string)

// runKillRounds runs the rounds, the last start and the checks, and
// reports the figures.
func runKillRounds(t *testing.T, c *cluster, backends backendsOf) {
	rate := rateFromEnv(t, 200) / 2
	var acked []sent
	var lines []string
	for round := 1; round <= killRounds; round++ {
		got, line := killRound(t, c, round, rate)
		acked = append(acked, got...)
		lines = append(lines, line)
	}
	restarted := time.Now()
	last := c.start("settled", rolesAll)
	brokers, redisAddr := backends(last)
	kw := watchKafka(t, brokers, c.names.inputs(), c.names.partitions(c.cfg.partitions))
	settled := waitLag(t, kw, 0, 2*time.Minute)
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr})
	t.Cleanup(func() { _ = rdb.Close() })
	v := checker{front: last, cache: rdb, live: restarted}.verify(acked, 90*time.Second)
	requireVerdict(t, v, len(acked))
	report(t, append(lines,
		fmt.Sprintf("after %d rounds: started again, ready and lag 0 %s after the start", killRounds, secs(settled.Sub(restarted))),
		fmt.Sprintf("%d acknowledged; %s", len(acked), v),
	)...)
	c.stopAll()
}

// killRound starts the process on the shared data directory, puts it under
// open-loop load and kills it with SIGKILL once a few seconds' worth of
// POSTs were acknowledged, with the next ones in flight. It returns the
// transactions answered 201 and a line for the report.
func killRound(t *testing.T, c *cluster, round, rate int) ([]sent, string) {
	t.Helper()
	started := time.Now()
	m := c.start(fmt.Sprintf("round-%d", round), rolesAll)
	ready := time.Since(started)
	if round == 1 {
		prepare(t, m)
	}
	load := startLoad(t, m.postsURL(), testenv.Name(t, fmt.Sprintf("r%d", round)), rate)
	want := 4 * rate
	testenv.Eventually(t, 90*time.Second, func() bool {
		return load.answered(http.StatusCreated, load.begin) >= want
	}, "round %d: %d POSTs acknowledged", round, want)
	redisErrs := cacheErrors(m)
	m.kill(t)
	acked := created(load.finish())
	return acked, fmt.Sprintf("round %d: ready %s after the start; kill -9 after %s of load (Redis errors until then: %s): %s",
		round, secs(ready), secs(time.Since(load.begin)), redisErrs, load.summary())
}

// cacheErrors reads txstream_cache_errors_total of a process: a failed
// refresh makes that process distrust the cache for one TTL, which the
// next process does not inherit.
func cacheErrors(m *member) string {
	mfs, err := m.scrape()
	if err != nil {
		return "unknown: " + err.Error()
	}
	return fmt.Sprint(testenv.MetricSum(mfs, "txstream_cache_errors_total", nil))
}
