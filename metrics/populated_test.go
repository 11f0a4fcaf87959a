package metrics

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/webhooks"
)

// recorder is a Registerer that remembers the family names of what is
// registered through it: the families txstream exports, whether or not
// they have a series yet.
type recorder struct {
	prometheus.Registerer
	names map[string]bool
}

var fqName = regexp.MustCompile(`fqName: "([^"]+)"`)

func (r *recorder) Register(c prometheus.Collector) error {
	ch := make(chan *prometheus.Desc, 16)
	go func() { c.Describe(ch); close(ch) }()
	for d := range ch {
		if m := fqName.FindStringSubmatch(d.String()); m != nil {
			r.names[m[1]] = true
		}
	}
	return r.Registerer.Register(c)
}

func (r *recorder) MustRegister(cs ...prometheus.Collector) {
	for _, c := range cs {
		if err := r.Register(c); err != nil {
			panic(err)
		}
	}
}

// populated builds every txstream family on a registry from NewRegistry and
// drives each hook once, as a live process would. It returns the registry
// and the names of the txstream families registered.
func populated(t *testing.T) (*prometheus.Registry, map[string]bool) {
	t.Helper()
	reg := NewRegistry()
	rec := &recorder{Registerer: reg, names: map[string]bool{}}

	s, err := NewStreams(rec)
	if err != nil {
		t.Fatal(err)
	}
	s.Processed("transactions", "transaction-topic")
	s.Duplicate("transactions", "transaction-topic")
	s.Conflict("transactions", "transaction-topic")
	s.Malformed("conversions", "conversion-topic")
	s.Refused("rates", "rates-topic", "future_date")
	s.Restarted("transactions")
	s.DeadLettered("transactions", "transaction-topic", streams.ReasonTombstone)
	s.Transition(statusEvent("a", domain.StatusReceived, ""))
	s.Transition(statusEvent("a", domain.StatusFailed, domain.ReasonNoRate))
	s.Converted(conversion("EUR", "USD", domain.StatusCompleted, ""))

	pm, err := NewProducer(rec)
	if err != nil {
		t.Fatal(err)
	}
	topics := streams.DefaultConfig().Topics
	ok := pm.Wrap(&fakeProducer{}, topics)
	if err := ok.ProduceTransaction(context.Background(), domain.TransactionRequested{ID: "a"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := canceled()
	defer cancel()
	_ = pm.Wrap(&fakeProducer{err: &streams.ProduceError{Unknown: true, Err: context.Canceled}}, topics).SetRate(ctx, domain.Rate{Currency: "USD"})

	g, err := NewGoka(rec, GokaOptions{Offsets: &fakeOffsets{
		hwm:       map[string]map[int32]int64{"orders-in": {0: 10}},
		committed: map[string]map[int32]int64{"orders-in": {0: 4}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	g.AttachProcessor(&fakeProcessor{graph: testGraph(), recovered: true, stats: &goka.ProcessorStats{
		Group: map[int32]*goka.PartitionProcStats{0: partitionStats(goka.PartitionRunning, activeRunMode)},
	}})
	if err := g.AttachView("edge-orders", &fakeView{topic: "orders-table", recovered: true, stats: &goka.ViewStats{}}); err != nil {
		t.Fatal(err)
	}
	rebalanceOnTester(t, reg, g.RebalanceOption(), "rebalanced")

	rl, err := NewReloads(rec)
	if err != nil {
		t.Fatal(err)
	}
	rl.Reloaded(FileAPIKeys, nil)
	if err := NewReady(rec, func() bool { return true }); err != nil {
		t.Fatal(err)
	}
	wh, err := NewWebhooks(rec)
	if err != nil {
		t.Fatal(err)
	}
	wh.Attempted(webhooks.ResultSuccess, time.Millisecond)
	wh.Settled(webhooks.OutcomeDelivered, time.Second)
	wh.Pending(3)
	populateEdge(t, rec)
	populateActors(t, rec)
	populateKafkaClient(t, rec)
	return reg, rec.names
}
