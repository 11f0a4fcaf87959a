package metrics

import "github.com/lovoo/goka"

// RebalanceOption returns one processor option, good for every processor of
// a process (pipeline.Options.Extra), that counts each new partition
// assignment under the processor's group and records how many partitions it
// got; both families have the group's series, at zero, from the moment the
// processor is built. It sets goka's rebalance callback, so it replaces any
// callback set before it in the option list.
func (g *Goka) RebalanceOption() goka.ProcessorOption {
	return perGroup(func(group string) goka.ProcessorOption {
		g.rebalances.WithLabelValues(group)
		g.assigned.WithLabelValues(group)
		return goka.WithRebalanceCallback(func(a goka.Assignment) {
			g.rebalances.WithLabelValues(group).Inc()
			g.assigned.WithLabelValues(group).Set(float64(len(a)))
		})
	})
}

// perGroup builds a processor option that knows the group of the processor
// it is applied to: goka hands every option the processor's graph, but
// callbacks such as the rebalance callback never learn the group. F is
// goka.ProcessorOption, whose first parameter is goka's unexported options
// type; inference names it O so that this wrapper can pass it along.
func perGroup[F ~func(O, *goka.GroupGraph), O any](build func(group string) F) F {
	return func(o O, gg *goka.GroupGraph) { build(string(gg.Group()))(o, gg) }
}

// onGraph builds a processor option that only reads the processor's graph
// and leaves its options as they are (see perGroup for the type parameters).
func onGraph[F ~func(O, *goka.GroupGraph), O any](read func(gg *goka.GroupGraph)) F {
	return func(_ O, gg *goka.GroupGraph) { read(gg) }
}
