package metrics

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"
	"github.com/prometheus/client_golang/prometheus"
)

// fakeProcessor serves fixed stats for a graph.
type fakeProcessor struct {
	graph     *goka.GroupGraph
	stats     *goka.ProcessorStats
	recovered bool
}

func (f *fakeProcessor) Graph() *goka.GroupGraph { return f.graph }
func (f *fakeProcessor) Recovered() bool         { return f.recovered }
func (f *fakeProcessor) StatsWithContext(context.Context) *goka.ProcessorStats {
	return f.stats
}

// fakeView serves fixed stats for a topic.
type fakeView struct {
	topic     string
	stats     *goka.ViewStats
	recovered bool
}

func (f *fakeView) Topic() string                         { return f.topic }
func (f *fakeView) Recovered() bool                       { return f.recovered }
func (f *fakeView) Stats(context.Context) *goka.ViewStats { return f.stats }

// fakeOffsets serves fixed offsets, or fails.
type fakeOffsets struct {
	hwm       map[string]map[int32]int64
	committed map[string]map[int32]int64
	err       error
	asked     map[string][]int32
}

func (f *fakeOffsets) HighWaterMarks(ps map[string][]int32) (map[string]map[int32]int64, error) {
	out := map[string]map[int32]int64{}
	for topic, parts := range ps {
		out[topic] = map[int32]int64{}
		for _, p := range parts {
			out[topic][p] = f.hwm[topic][p]
		}
	}
	return out, nil
}

func (f *fakeOffsets) Committed(_ string, ps map[string][]int32) (map[string]map[int32]int64, error) {
	f.asked = ps
	return f.committed, f.err
}

func testGraph() *goka.GroupGraph {
	return goka.DefineGroup("orders",
		goka.Input("orders-in", new(codec.String), func(goka.Context, any) {}),
		goka.Lookup("prices-table", new(codec.String)),
		goka.Persist(new(codec.String)),
	)
}

// partitionStats is a partition processing orders-in with its table in
// status and run mode.
func partitionStats(status goka.PartitionStatus, mode goka.PPRunMode) *goka.PartitionProcStats {
	return &goka.PartitionProcStats{
		TableStats: &goka.TableStats{Status: status, RunMode: mode},
		Input:      map[string]*goka.InputStats{"orders-in": {}},
	}
}

func TestGokaLagCoversOwnedPartitionsOnly(t *testing.T) {
	reg := prometheus.NewRegistry()
	offsets := &fakeOffsets{
		hwm:       map[string]map[int32]int64{"orders-in": {0: 100, 1: 50, 2: 70}},
		committed: map[string]map[int32]int64{"orders-in": {0: 40, 1: 50}},
	}
	g, err := NewGoka(reg, GokaOptions{Offsets: offsets})
	if err != nil {
		t.Fatal(err)
	}
	g.AttachProcessor(&fakeProcessor{graph: testGraph(), recovered: true, stats: &goka.ProcessorStats{
		Group: map[int32]*goka.PartitionProcStats{
			0: partitionStats(goka.PartitionRunning, activeRunMode),
			1: partitionStats(goka.PartitionRunning, activeRunMode),
			2: partitionStats(goka.PartitionRunning, activeRunMode+1), // hot standby
		},
	}})
	tests := []struct {
		partition string
		want      float64
	}{
		{"0", 60},
		{"1", 0},
	}
	for _, tt := range tests {
		t.Run("partition "+tt.partition, func(t *testing.T) {
			labels := map[string]string{"group": "orders", "topic": "orders-in", "partition": tt.partition}
			if got := sample(t, reg, "txstream_goka_consumer_lag_messages", labels); got != tt.want {
				t.Errorf("lag = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("standby partition left out", func(t *testing.T) {
		if n := len(family(t, reg, "txstream_goka_consumer_lag_messages").GetMetric()); n != 2 {
			t.Errorf("%d lag series, want 2", n)
		}
		if got := len(offsets.asked["orders-in"]); got != 2 {
			t.Errorf("asked for %d partitions, want 2", got)
		}
	})
}

func TestGokaOffsetFailureIsReportedAndTheRestServed(t *testing.T) {
	reg := prometheus.NewRegistry()
	g, err := NewGoka(reg, GokaOptions{Offsets: &fakeOffsets{err: errors.New("broker gone")}})
	if err != nil {
		t.Fatal(err)
	}
	g.AttachProcessor(&fakeProcessor{graph: testGraph(), recovered: true, stats: &goka.ProcessorStats{
		Group: map[int32]*goka.PartitionProcStats{0: partitionStats(goka.PartitionRunning, activeRunMode)},
	}})
	mfs, err := reg.Gather()
	if err == nil || !strings.Contains(err.Error(), "broker gone") {
		t.Fatalf("gather error = %v, want the offset failure", err)
	}
	names := map[string]bool{}
	for _, mf := range mfs {
		names[mf.GetName()] = true
	}
	if !names["txstream_goka_recovered"] || !names["txstream_goka_table_partitions"] {
		t.Errorf("families served despite the failure: %v", names)
	}
}

func TestGokaTablePartitionsByState(t *testing.T) {
	reg := prometheus.NewRegistry()
	g, err := NewGoka(reg, GokaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	g.AttachProcessor(&fakeProcessor{graph: testGraph(), recovered: false, stats: &goka.ProcessorStats{
		Group: map[int32]*goka.PartitionProcStats{
			0: partitionStats(goka.PartitionRunning, activeRunMode),
			1: partitionStats(goka.PartitionRecovering, activeRunMode),
			2: partitionStats(goka.PartitionRecovering, activeRunMode),
		},
		Lookup: map[string]*goka.ViewStats{"prices-table": {Partitions: map[int32]*goka.TableStats{
			0: {Status: goka.PartitionConnecting},
		}}},
	}})
	view := &fakeView{topic: "orders-table", recovered: true, stats: &goka.ViewStats{Partitions: map[int32]*goka.TableStats{
		0: {Status: goka.PartitionRunning}, 1: {Status: goka.PartitionRunning},
	}}}
	if err := g.AttachView("edge-orders", view); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		family string
		labels map[string]string
		want   float64
	}{
		{"group table running", "txstream_goka_table_partitions", map[string]string{"owner": "orders", "table": "orders-table", "state": "running"}, 1},
		{"group table recovering", "txstream_goka_table_partitions", map[string]string{"owner": "orders", "table": "orders-table", "state": "recovering"}, 2},
		{"group table zero state kept", "txstream_goka_table_partitions", map[string]string{"owner": "orders", "table": "orders-table", "state": "stopped"}, 0},
		{"lookup table connecting", "txstream_goka_table_partitions", map[string]string{"owner": "orders", "table": "prices-table", "state": "connecting"}, 1},
		{"view running", "txstream_goka_table_partitions", map[string]string{"owner": "edge-orders", "table": "orders-table", "state": "running"}, 2},
		{"processor not recovered", "txstream_goka_recovered", map[string]string{"kind": "processor", "name": "orders"}, 0},
		{"view recovered", "txstream_goka_recovered", map[string]string{"kind": "view", "name": "edge-orders"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sample(t, reg, tt.family, tt.labels); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.family, tt.labels, got, tt.want)
			}
		})
	}
	t.Run("no lag without an offset reader", func(t *testing.T) {
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, mf := range mfs {
			if mf.GetName() == "txstream_goka_consumer_lag_messages" {
				t.Error("lag exported without offsets")
			}
		}
	})
	t.Run("duplicate view name refused", func(t *testing.T) {
		if err := g.AttachView("edge-orders", view); !errors.Is(err, ErrDuplicateSource) {
			t.Errorf("AttachView twice: %v, want ErrDuplicateSource", err)
		}
	})
}
