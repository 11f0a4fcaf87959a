package metrics

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Goka exports what goka's processors and views know about themselves,
// read when Prometheus scrapes: consumer lag per group, topic and partition
// owned by this process, table partitions per recovery state, whether each
// processor and view has recovered; and, through RebalanceOption, the
// rebalances. It is a prometheus.Collector registered by NewGoka.
type Goka struct {
	offsets OffsetReader
	timeout time.Duration

	mu         sync.Mutex
	processors []GokaProcessor
	views      []namedView

	rebalances *prometheus.CounterVec
	assigned   *prometheus.GaugeVec
	lag        *prometheus.Desc
	recovered  *prometheus.Desc
	partitions *prometheus.Desc
}

var _ prometheus.Collector = (*Goka)(nil)

// GokaOptions configure the goka collector. The zero value exports
// everything except the lag.
type GokaOptions struct {
	// Offsets reads high watermarks and committed offsets for the lag; nil
	// leaves txstream_goka_consumer_lag_messages out. goka's own stats
	// refresh their lag once a minute, so the lag is read from Kafka.
	Offsets OffsetReader
	// Timeout bounds one scrape's reads of stats and offsets; zero means 5s.
	Timeout time.Duration
}

// NewGoka registers the goka families on reg. Attach processors and views
// once they are built; RebalanceOption goes into their options before.
func NewGoka(reg prometheus.Registerer, o GokaOptions) (*Goka, error) {
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	g := &Goka{
		offsets: o.Offsets,
		timeout: o.Timeout,
		rebalances: counterVec("goka_rebalances_total",
			"Partition assignments a processor of this process received, by group.", "group"),
		assigned: gaugeVec("goka_assigned_partitions",
			"Partitions assigned to this process by the last rebalance, by group.", "group"),
		lag: prometheus.NewDesc(Namespace+"_goka_consumer_lag_messages",
			"Records of an input partition this process owns that its group has not committed yet (high watermark minus committed offset).",
			[]string{"group", "topic", "partition"}, nil),
		recovered: prometheus.NewDesc(Namespace+"_goka_recovered",
			"1 when the processor or view has recovered its tables and is running, else 0.",
			[]string{"kind", "name"}, nil),
		partitions: prometheus.NewDesc(Namespace+"_goka_table_partitions",
			"Table partitions held by this process, by owner (group or view name), table and state (stopped, initializing, connecting, recovering, preparing, running).",
			[]string{"owner", "table", "state"}, nil),
	}
	if err := register(reg, g.rebalances, g.assigned, g); err != nil {
		return nil, err
	}
	return g, nil
}

// AttachProcessor adds a processor to what is read at scrape time; it
// replaces an attached processor of the same group (a restart).
func (g *Goka) AttachProcessor(p GokaProcessor) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, old := range g.processors {
		if old.Graph().Group() == p.Graph().Group() {
			g.processors[i] = p // a restarted processor replaces the failed one
			return
		}
	}
	g.processors = append(g.processors, p)
}

// AttachView adds a view, reported under name; names must be unique.
func (g *Goka) AttachView(name string, v GokaView) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, nv := range g.views {
		if nv.name == name {
			return fmt.Errorf("%w: view %q", ErrDuplicateSource, name)
		}
	}
	g.views = append(g.views, namedView{name: name, view: v})
	return nil
}

// Describe sends the scrape-time descriptors.
func (g *Goka) Describe(ch chan<- *prometheus.Desc) {
	ch <- g.lag
	ch <- g.recovered
	ch <- g.partitions
}

// Collect reads every attached processor and view.
func (g *Goka) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), g.timeout)
	defer cancel()
	processors, views := g.sources()
	for _, p := range processors {
		g.collectProcessor(ctx, ch, p)
	}
	for _, nv := range views {
		ch <- prometheus.MustNewConstMetric(g.recovered, prometheus.GaugeValue, boolValue(nv.view.Recovered()), "view", nv.name)
		g.collectTables(ch, nv.name, nv.view.Topic(), nv.view.Stats(ctx))
	}
}

func (g *Goka) sources() ([]GokaProcessor, []namedView) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]GokaProcessor(nil), g.processors...), append([]namedView(nil), g.views...)
}

func (g *Goka) collectProcessor(ctx context.Context, ch chan<- prometheus.Metric, p GokaProcessor) {
	group := string(p.Graph().Group())
	ch <- prometheus.MustNewConstMetric(g.recovered, prometheus.GaugeValue, boolValue(p.Recovered()), "processor", group)
	stats := p.StatsWithContext(ctx)
	if stats == nil {
		return
	}
	g.collectGroupTables(ch, group, p.Graph(), stats)
	for topic, vs := range stats.Lookup {
		g.collectTables(ch, group, topic, vs)
	}
	if g.offsets != nil {
		g.collectLag(ch, group, stats)
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
