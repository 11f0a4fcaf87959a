package metrics

import (
	"testing"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/conversions"
	"github.com/txstream/txstream/streams/rates"
	"github.com/txstream/txstream/streams/statuslog"
	"github.com/txstream/txstream/streams/transactions"
)

// TestFreshRegistryExportsEveryDocumentedFamily builds every family as the
// binary does (cmd/txstream's observers: the component families, the
// processor options applied to the real processors, the producer wrapped,
// its kgo client connected with kprom's hooks, the goka collector with a
// processor and a view attached), drives no hook, and gathers: every
// family of the README's Metrics section is there but those of
// testenv.FamiliesWithOpenLabels, so that no dashboard query finds
// "No data" on a healthy process that has had no traffic yet.
func TestFreshRegistryExportsEveryDocumentedFamily(t *testing.T) {
	exported := gatheredNames(t, freshRegistry(t))
	open := testenv.FamiliesWithOpenLabels()
	documented := documentedFamilies(t)
	for name := range documented {
		if _, ok := open[name]; !ok && !exported[name] {
			t.Errorf("%s is documented but absent from a fresh registry", name)
		}
	}
	for name := range open {
		if !documented[name] {
			t.Errorf("%s has open labels but is not documented", name)
		}
	}
}

// TestFreshSeriesAreTheComponentsOwn: the series created at zero carry
// the label values the components use: their groups and topics, the
// edge's route templates, the actors' and producer's vocabularies.
func TestFreshSeriesAreTheComponentsOwn(t *testing.T) {
	reg := freshRegistry(t)
	tests := []struct {
		family string
		labels map[string]string
	}{
		{"txstream_http_overload_rejections_total", map[string]string{"service": "transaction", "route": "/transactions/{id}"}},
		{"txstream_http_overload_rejections_total", map[string]string{"service": "converter", "route": "/rates/{code}"}},
		{"txstream_http_requests_in_flight", map[string]string{"service": "manager"}},
		{"txstream_http_event_streams_open", map[string]string{"service": "transaction", "route": "/transactions/{id}/events"}},
		{"txstream_http_event_streams_cut_total", map[string]string{"service": "manager", "route": "/transactions/events"}},
		{"txstream_cache_lookups_total", map[string]string{"result": "fallback"}},
		{"txstream_cache_fills_total", map[string]string{"result": "stale_refused"}},
		{"txstream_actor_restarts_total", map[string]string{"kind": "conversion", "reason": "runtime_error"}},
		{"txstream_actor_submits_total", map[string]string{"kind": "transaction", "outcome": "outcome_unknown"}},
		{"txstream_producer_records_failed_total", map[string]string{"topic": "rates-topic", "cause": "timeout"}},
		{"txstream_stream_conflicts_total", map[string]string{"group": "transactions", "topic": "transaction-topic"}},
		{"txstream_stream_malformed_total", map[string]string{"group": "conversions", "topic": "conversion-topic"}},
		{"txstream_dead_letters_total", map[string]string{"group": "rates", "topic": "rates-table", "reason": "bad_table_value"}},
		{"txstream_stream_processor_restarts_total", map[string]string{"group": "status-log"}},
		{"txstream_goka_rebalances_total", map[string]string{"group": "conversions"}},
		{"txstream_transactions_finished_total", map[string]string{"status": "failed", "reason": "stale_rate"}},
	}
	for _, tt := range tests {
		t.Run(tt.family, func(t *testing.T) {
			if got := sample(t, reg, tt.family, tt.labels); got != 0 {
				t.Errorf("%s%v = %v, want 0", tt.family, tt.labels, got)
			}
		})
	}
	t.Run("no probe can be overloaded", func(t *testing.T) {
		for _, route := range []string{"/healthz", "/readyz", "/metrics", "/openapi.json"} {
			for _, m := range family(t, reg, "txstream_http_overload_rejections_total").GetMetric() {
				if hasLabels(m, map[string]string{"route": route}) {
					t.Errorf("an overload series of %s: %v", route, m.GetLabel())
				}
			}
		}
	})
}

// freshRegistry builds the families of a process with every role.
func freshRegistry(t *testing.T) *prometheus.Registry {
	t.Helper()
	reg := NewRegistry()
	s, err := NewStreams(reg)
	must(t, err)
	_, err = NewActors(reg)
	must(t, err)
	_, err = NewEdge(reg)
	must(t, err)
	_, err = NewEventStreams(reg)
	must(t, err)
	pm, err := NewProducer(reg)
	must(t, err)
	cfg := streams.DefaultConfig()
	pm.Wrap(&fakeProducer{}, cfg.Topics)
	kcfg := testenv.StreamsConfig(t, 1)
	prod, err := streams.NewProducer(kcfg, kgo.WithHooks(NewKafkaClient(reg)))
	must(t, err)
	t.Cleanup(func() { _ = prod.Close() })
	must(t, NewReady(reg, func() bool { return false }))
	_, err = NewReloads(reg)
	must(t, err)
	_, err = NewWebhooks(reg)
	must(t, err)
	g, err := NewGoka(reg, GokaOptions{Offsets: &fakeOffsets{}})
	must(t, err)
	buildProcessors(t, cfg, streams.Hooks{Observer: s}, g.RebalanceOption(), s.GroupOption())
	g.AttachProcessor(&fakeProcessor{graph: testGraph(), stats: &goka.ProcessorStats{
		Group: map[int32]*goka.PartitionProcStats{0: partitionStats(goka.PartitionRecovering, activeRunMode)},
	}})
	must(t, g.AttachView("edge-orders", &fakeView{topic: "orders-table", stats: &goka.ViewStats{}}))
	return reg
}

// buildProcessors builds the four processors of the pipeline with opts,
// each on a goka tester of its own (one tester cannot hold two codecs of
// a topic); none runs.
func buildProcessors(t *testing.T, cfg streams.Config, hooks streams.Hooks, opts ...goka.ProcessorOption) {
	t.Helper()
	with := func() []goka.ProcessorOption {
		return append([]goka.ProcessorOption{goka.WithTester(tester.New(t))}, opts...)
	}
	_, err := rates.New(cfg, hooks, with()...)
	must(t, err)
	tt := tester.New(t)
	_, err = conversions.New(cfg, conversions.Options{Hooks: hooks, View: []goka.ViewOption{goka.WithViewTester(tt)}},
		append([]goka.ProcessorOption{goka.WithTester(tt)}, opts...)...)
	must(t, err)
	_, err = transactions.New(cfg, hooks, with()...)
	must(t, err)
	_, err = statuslog.New(cfg, hooks, with()...)
	must(t, err)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
