package integration

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"

	dto "github.com/prometheus/client_model/go"

	"github.com/txstream/txstream/internal/testenv"
)

// digest is a few lines on a member for a failed test's last words: CI
// keeps only the end of the output, where the members' log tails (mostly
// one process's audit lines) say nothing of which side stalled. It tells
// whether the process lives, what its producer and processors did, which
// table partitions are not running, and its last warnings and errors.
func (m *member) digest() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: alive=%v exit=%v", m, m.Alive(), m.ExitErr())
	if m.Alive() {
		if mfs, err := m.scrape(); err != nil {
			fmt.Fprintf(&b, "; metrics: %v", err)
		} else {
			b.WriteString("; " + metricsDigest(mfs))
		}
	}
	for _, line := range lastComplaints(m.logPath, 3, 240) {
		b.WriteString("\n    " + line)
	}
	return b.String()
}

// metricsDigest sums the families that tell a stalled producer from a
// stalled processor or view.
func metricsDigest(mfs map[string]*dto.MetricFamily) string {
	sum := func(name string, labels map[string]string) int { return int(testenv.MetricSum(mfs, name, labels)) }
	parts := []string{
		fmt.Sprintf("produced sent %d acked %d failed %d unknown %d",
			sum("txstream_producer_records_sent_total", nil), sum("txstream_producer_records_acknowledged_total", nil),
			sum("txstream_producer_records_failed_total", nil), sum("txstream_producer_records_outcome_unknown_total", nil)),
		fmt.Sprintf("submits accepted %d outcome_unknown %d unavailable %d; verdicts none %d",
			sum("txstream_actor_submits_total", map[string]string{"outcome": "accepted"}),
			sum("txstream_actor_submits_total", map[string]string{"outcome": "outcome_unknown"}),
			sum("txstream_actor_submits_total", map[string]string{"outcome": "unavailable"}),
			sum("txstream_actor_verdict_wait_seconds", map[string]string{"verdict": "none"})),
		fmt.Sprintf("processed %d, processor restarts %d, lag %d",
			sum("txstream_stream_messages_processed_total", nil), sum("txstream_stream_processor_restarts_total", nil),
			sum("txstream_goka_consumer_lag_messages", nil)),
	}
	if bad := labelled(mfs, "txstream_goka_recovered", func(v float64) bool { return v == 0 }); len(bad) > 0 {
		parts = append(parts, "not recovered: "+strings.Join(bad, " "))
	}
	if bad := labelled(mfs, "txstream_goka_table_partitions", func(v float64) bool { return v > 0 }); len(bad) > 0 {
		parts = append(parts, "table partitions: "+strings.Join(bad, " "))
	}
	return strings.Join(parts, "; ")
}

// labelled lists the series of a gauge family whose value keep accepts,
// as label values joined by "/" and "=value".
func labelled(mfs map[string]*dto.MetricFamily, name string, keep func(float64) bool) []string {
	var out []string
	for _, m := range mfs[name].GetMetric() {
		v := m.GetGauge().GetValue()
		if !keep(v) {
			continue
		}
		var labels []string
		for _, lp := range m.GetLabel() {
			labels = append(labels, lp.GetValue())
		}
		out = append(out, fmt.Sprintf("%s=%g", strings.Join(labels, "/"), v))
	}
	slices.Sort(out)
	return out
}

// lastComplaints returns the last n lines of the log at path that are
// warnings or errors, each cut to width bytes.
func lastComplaints(path string, n, width int) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, `"level":"ERROR"`) && !strings.Contains(line, `"level":"WARN"`) {
			continue
		}
		if len(line) > width {
			line = line[:width] + "..."
		}
		lines = append(lines, line)
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return lines
}
