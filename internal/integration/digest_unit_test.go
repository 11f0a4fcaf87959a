package integration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
)

// TestMetricsDigest: the digest sums the producer, submit and processor
// families and names the tables not recovered and the partitions by
// state, from a scrape.
func TestMetricsDigest(t *testing.T) {
	scrape := `# TYPE txstream_producer_records_sent_total counter
txstream_producer_records_sent_total{topic="a"} 7
txstream_producer_records_sent_total{topic="b"} 3
# TYPE txstream_producer_records_outcome_unknown_total counter
txstream_producer_records_outcome_unknown_total{topic="a"} 2
# TYPE txstream_actor_submits_total counter
txstream_actor_submits_total{kind="transaction",outcome="accepted"} 5
txstream_actor_submits_total{kind="transaction",outcome="outcome_unknown"} 4
# TYPE txstream_goka_recovered gauge
txstream_goka_recovered{kind="processor",name="transactions"} 1
txstream_goka_recovered{kind="view",name="rates-table"} 0
# TYPE txstream_goka_table_partitions gauge
txstream_goka_table_partitions{owner="transactions",table="t",state="running"} 6
txstream_goka_table_partitions{owner="transactions",table="t",state="recovering"} 0
`
	mfs, err := testenv.ParseMetrics([]byte(scrape))
	if err != nil {
		t.Fatal(err)
	}
	got := metricsDigest(mfs)
	for _, want := range []string{
		"produced sent 10 acked 0 failed 0 unknown 2",
		"submits accepted 5 outcome_unknown 4 unavailable 0",
		"not recovered: view/rates-table=0",
		"table partitions: transactions/t/running=6",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("digest %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "recovering") {
		t.Errorf("digest %q names a state with no partition", got)
	}
}

// TestLastComplaints: the last n warnings and errors of a log, cut to the
// width, and nothing else.
func TestLastComplaints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "member.log")
	log := strings.Join([]string{
		`{"level":"WARN","msg":"first"}`,
		`{"level":"INFO","msg":"audit"}`,
		`{"level":"ERROR","msg":"second"}`,
		`{"level":"WARN","msg":"third, a long one...`,
		`{"level":"ERROR","msg":"fourth"}`,
	}, "\n")
	if err := os.WriteFile(path, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	got := lastComplaints(path, 3, 40)
	want := []string{`{"level":"ERROR","msg":"second"}`, `{"level":"WARN","msg":"third, a long one...`, `{"level":"ERROR","msg":"fourth"}`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
