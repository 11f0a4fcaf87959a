package metrics

import (
	"fmt"
	"strconv"

	"github.com/lovoo/goka"
	"github.com/prometheus/client_golang/prometheus"
)

// collectLag reports, for every input partition this process actively
// owns, how far its group's committed offset trails the partition's end.
// Hot-standby partitions are left out: another member owns them, and its
// process reports them. A failed read becomes an invalid metric, which the
// handler reports while serving the rest of the scrape.
func (g *Goka) collectLag(ch chan<- prometheus.Metric, group string, stats *goka.ProcessorStats) {
	owned := ownedInputs(stats)
	if len(owned) == 0 {
		return
	}
	committed, err := g.offsets.Committed(group, owned)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(g.lag, fmt.Errorf("committed offsets of group %s: %w", group, err))
		return
	}
	ends, err := g.offsets.HighWaterMarks(owned)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(g.lag, fmt.Errorf("high watermarks of group %s: %w", group, err))
	}
	for topic, partitions := range owned {
		for _, p := range partitions {
			hwm, ok := ends[topic][p]
			if !ok {
				continue // in err
			}
			lag := max(hwm-committed[topic][p], 0)
			ch <- prometheus.MustNewConstMetric(g.lag, prometheus.GaugeValue, float64(lag),
				group, topic, strconv.Itoa(int(p)))
		}
	}
}

// ownedInputs lists the input topics of each partition the processor
// consumes actively. A partition without a table (a stateless processor)
// is always active.
func ownedInputs(stats *goka.ProcessorStats) map[string][]int32 {
	owned := map[string][]int32{}
	for p, pps := range stats.Group {
		if pps.TableStats != nil && pps.TableStats.RunMode != activeRunMode {
			continue
		}
		for topic := range pps.Input {
			owned[topic] = append(owned[topic], p)
		}
	}
	return owned
}

// activeRunMode is goka's unexported runModeActive: a partition this member
// consumes, as opposed to a hot standby or a recover-ahead copy.
const activeRunMode goka.PPRunMode = 0
