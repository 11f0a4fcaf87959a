package metrics

import (
	"github.com/lovoo/goka"
	"github.com/prometheus/client_golang/prometheus"
)

// partitionStates names goka's PartitionStatus values, in their order.
var partitionStates = []string{"stopped", "initializing", "connecting", "recovering", "preparing", "running"}

// stateCounts counts table partitions per state; every state is reported,
// zero included, so that a series does not vanish when its count drops.
type stateCounts [6]int

func (c *stateCounts) add(ts *goka.TableStats) {
	if ts == nil {
		return
	}
	if s := int(ts.Status); s >= 0 && s < len(c) {
		c[s]++
	}
}

func (g *Goka) emitStates(ch chan<- prometheus.Metric, owner, table string, c *stateCounts) {
	for i, n := range c {
		ch <- prometheus.MustNewConstMetric(g.partitions, prometheus.GaugeValue, float64(n), owner, table, partitionStates[i])
	}
}

// collectGroupTables reports a processor's group table and joined tables.
func (g *Goka) collectGroupTables(ch chan<- prometheus.Metric, group string, gg *goka.GroupGraph, stats *goka.ProcessorStats) {
	var own stateCounts
	joined := map[string]*stateCounts{}
	for _, edge := range gg.JointTables() {
		joined[edge.Topic()] = &stateCounts{}
	}
	for _, pps := range stats.Group {
		own.add(pps.TableStats)
		for topic, ts := range pps.Joined {
			if c, ok := joined[topic]; ok {
				c.add(ts)
			}
		}
	}
	if table := gg.GroupTable(); table != nil {
		g.emitStates(ch, group, table.Topic(), &own)
	}
	for topic, c := range joined {
		g.emitStates(ch, group, topic, c)
	}
}

// collectTables reports the partitions of a view, or of a processor's
// lookup table (goka runs a view for each).
func (g *Goka) collectTables(ch chan<- prometheus.Metric, owner, table string, vs *goka.ViewStats) {
	var c stateCounts
	if vs != nil {
		for _, ts := range vs.Partitions {
			c.add(ts)
		}
	}
	g.emitStates(ch, owner, table, &c)
}
