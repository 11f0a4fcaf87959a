package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// steadyLag samples the groups' total lag over window while the load
// runs, and returns the largest value seen: the lag that steady load
// keeps (offsets are committed about once a second), which later counts
// as "caught up".
func steadyLag(t *testing.T, kw *kafkaWatch, window time.Duration) int64 {
	t.Helper()
	var worst int64
	begin := time.Now()
	testenv.Eventually(t, window+30*time.Second, func() bool {
		if l := kw.totalLag(); l > worst {
			worst = l
		}
		return time.Since(begin) >= window
	}, "lag sampled for %s", window)
	return worst
}

// timeline records how the groups looked while the test waited, one line
// per change, for the report.
type timeline struct {
	start time.Time
	last  string
	lines []string
}

// newTimeline starts a timeline; it is logged if the test fails.
func newTimeline(t *testing.T, start time.Time) *timeline {
	tl := &timeline{start: start}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("group timeline:\n%s", tl)
		}
	})
	return tl
}

func (tl *timeline) note(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	if line == tl.last {
		return
	}
	tl.last = line
	tl.lines = append(tl.lines, fmt.Sprintf("+%5.1fs %s", time.Since(tl.start).Seconds(), line))
}

func (tl *timeline) String() string { return strings.Join(tl.lines, "\n") }

// describeGroups is one line: each group's state and owners.
func describeGroups(kw *kafkaWatch, groups []string) string {
	views, err := kw.groups()
	if err != nil {
		return "describe: " + err.Error()
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = views[g].String()
	}
	return strings.Join(parts, " ")
}

// waitSpread waits until every group is stable with exactly the members
// named, each owning partitions, and returns when that first held.
func waitSpread(t *testing.T, kw *kafkaWatch, tl *timeline, groups, members []string, timeout time.Duration) time.Time {
	t.Helper()
	testenv.Eventually(t, timeout, func() bool {
		views, err := kw.groups()
		if tl != nil {
			tl.note("%s", describeGroups(kw, groups))
		}
		return err == nil && kw.spread(views, members)
	}, "groups spread over %v", members)
	return time.Now()
}

// waitLag waits until the groups' total lag is at most limit, and returns
// when it was.
func waitLag(t *testing.T, kw *kafkaWatch, limit int64, timeout time.Duration) time.Time {
	t.Helper()
	var last string
	testenv.Eventually(t, timeout, func() bool {
		lag, err := kw.lag()
		if err != nil {
			last = err.Error()
			return false
		}
		var total int64
		for _, l := range lag {
			total += l
		}
		last = describeLag(lag)
		return total <= limit
	}, "total lag at most %d (last: %s)", limit, ref{&last})
	return time.Now()
}

// ref prints the string it points to when formatted, so that a failure
// message shows the last value seen rather than the first.
type ref struct{ p *string }

func (r ref) String() string { return *r.p }

// num prints the number it points to when formatted.
type num struct{ p *int }

func (n num) String() string { return fmt.Sprint(*n.p) }
