package metrics

import (
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"
	"github.com/lovoo/goka/tester"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/internal/testenv"
)

// rebalanceOnTester runs a processor of group on goka's tester with opt
// and waits until reg shows its assignment.
func rebalanceOnTester(t *testing.T, reg prometheus.Gatherer, opt goka.ProcessorOption, group string) {
	t.Helper()
	graph := goka.DefineGroup(goka.Group(group),
		goka.Input(goka.Stream(group+"-in"), new(codec.String), func(goka.Context, any) {}),
		goka.Persist(new(codec.String)),
	)
	proc, err := goka.NewProcessor(nil, graph, goka.WithTester(tester.New(t)), opt)
	if err != nil {
		t.Fatal(err)
	}
	testenv.Run(t, "tester processor "+group, proc.Run)
	testenv.Eventually(t, 10*time.Second, func() bool {
		return gathered(reg, "txstream_goka_assigned_partitions", map[string]string{"group": group}) == 1
	}, "assignment of %s recorded", group)
}

func TestRebalanceOptionCountsPerGroup(t *testing.T) {
	reg := prometheus.NewRegistry()
	g, err := NewGoka(reg, GokaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// One option value shared by two processors, as pipeline.Options.Extra
	// shares it, still tells their groups apart.
	opt := g.RebalanceOption()
	rebalanceOnTester(t, reg, opt, "first")
	rebalanceOnTester(t, reg, opt, "second")
	for _, group := range []string{"first", "second"} {
		t.Run(group, func(t *testing.T) {
			if got := sample(t, reg, "txstream_goka_rebalances_total", map[string]string{"group": group}); got != 1 {
				t.Errorf("rebalances = %v, want 1", got)
			}
		})
	}
}
