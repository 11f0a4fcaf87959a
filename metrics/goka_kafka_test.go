package metrics

import (
	"fmt"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// emit writes n records to topic and waits for their acknowledgements.
func emit(t *testing.T, cfg streams.Config, topic string, n int) {
	t.Helper()
	em, err := goka.NewEmitter(cfg.Brokers, goka.Stream(topic), new(codec.String), cfg.EmitterOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer em.Finish()
	for i := range n {
		if err := em.EmitSync(fmt.Sprintf("key-%d", i), "v"); err != nil {
			t.Fatalf("emit: %v", err)
		}
	}
}

// TestGokaOnKafka runs a real processor on the brokers: its rebalance is
// counted, its tables are reported running, and its lag is what it has
// not consumed, until it consumes.
func TestGokaOnKafka(t *testing.T) {
	const records = 5
	cfg := testenv.StreamsConfig(t, 2)
	emit(t, cfg, cfg.Topics.Transactions, records)

	reg := prometheus.NewRegistry()
	offsets, err := NewKafkaOffsets(cfg.Brokers, cfg.Sarama())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { offsets.Close() })
	g, err := NewGoka(reg, GokaOptions{Offsets: offsets})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	group := cfg.Groups.Transactions
	graph := goka.DefineGroup(goka.Group(group),
		goka.Input(goka.Stream(cfg.Topics.Transactions), new(codec.String), func(ctx goka.Context, msg any) {
			<-release // hold every partition at its first record
			ctx.SetValue(msg)
		}),
		goka.Persist(new(codec.String)),
	)
	opts := append(cfg.ProcessorOptions(group), g.RebalanceOption())
	proc, err := goka.NewProcessor(cfg.Brokers, graph, opts...)
	if err != nil {
		t.Fatal(err)
	}
	g.AttachProcessor(proc)
	testenv.Run(t, "processor", proc.Run)
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})

	byGroup := map[string]string{"group": group}
	testenv.Eventually(t, 30*time.Second, func() bool {
		return gathered(reg, "txstream_goka_assigned_partitions", byGroup) == 2 &&
			gathered(reg, "txstream_goka_recovered", map[string]string{"kind": "processor", "name": group}) == 1
	}, "processor assigned 2 partitions and recovered")
	if got := sample(t, reg, "txstream_goka_rebalances_total", byGroup); got < 1 {
		t.Errorf("rebalances = %v, want at least 1", got)
	}
	running := map[string]string{"owner": group, "table": string(goka.GroupTable(goka.Group(group))), "state": "running"}
	if got := sample(t, reg, "txstream_goka_table_partitions", running); got != 2 {
		t.Errorf("running table partitions = %v, want 2", got)
	}
	if got := gathered(reg, "txstream_goka_consumer_lag_messages", byGroup); got != records {
		t.Errorf("lag while held = %v, want %d (nothing committed)", got, records)
	}

	close(release)
	testenv.Eventually(t, 30*time.Second, func() bool {
		return gathered(reg, "txstream_goka_consumer_lag_messages", byGroup) == 0
	}, "lag 0 once the records are consumed and committed")
}

// gathered sums the series of family name that carry labels; -1 when the
// family is absent or the scrape fails.
func gathered(g prometheus.Gatherer, name string, labels map[string]string) float64 {
	mfs, err := g.Gather()
	if err != nil {
		return -1
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		sum := 0.0
		for _, m := range mf.GetMetric() {
			if hasLabels(m, labels) {
				sum += value(m)
			}
		}
		return sum
	}
	return -1
}
