package pipeline

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// A broker that has just started (or just became the group's coordinator)
// answers OffsetFetch with COORDINATOR_LOAD_IN_PROGRESS while it reads the
// offsets topic. sarama retries other coordinator errors but not this
// one, and the gate took it for a failure: "txstream dev --brokers" against
// a freshly started Apache Kafka exited at once ("rates gate: committed
// offsets of rates: kafka server: The coordinator is still loading
// offsets"). The gate must wait through it as it waits for a first commit.
func TestRatesGateWaitsWhileTheCoordinatorLoadsOffsets(t *testing.T) {
	k := testenv.EmbeddedKafka(t)
	cfg := streams.DefaultConfig()
	cfg.Brokers = k.Brokers
	cfg.Partitions = 1
	if err := streams.EnsureTopics(cfg); err != nil {
		t.Fatal(err)
	}
	testenv.ProduceAt(t, k.Brokers, cfg.Topics.Rates, 0, "EUR", []byte(`{}`))
	commitRates(t, cfg, 1)

	var loading atomic.Int64
	loading.Store(3)
	k.Cluster.ControlKey(int16(kmsg.OffsetFetch), func(req kmsg.Request) (kmsg.Response, error, bool) {
		k.Cluster.KeepControl()
		if loading.Add(-1) < 0 {
			return nil, nil, false
		}
		return coordinatorLoading(req.(*kmsg.OffsetFetchRequest)), nil, true
	})

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := (ratesGate{cfg: cfg, poll: 10 * time.Millisecond}).wait(ctx); err != nil {
		t.Fatalf("the gate failed while the coordinator loaded offsets: %v", err)
	}
	if n := loading.Load(); n >= 0 {
		t.Fatalf("the gate opened with %d loading answers left: the fault was never met", n+1)
	}
}

// commitRates commits offset for the rates group on partition 0, as the
// rates processor does once its table holds the rate.
func commitRates(t *testing.T, cfg streams.Config, offset int64) {
	t.Helper()
	client, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	var offsets kadm.Offsets
	offsets.Add(kadm.Offset{Topic: cfg.Topics.Rates, Partition: 0, At: offset, LeaderEpoch: -1})
	resp, err := kadm.NewClient(client).CommitOffsets(context.Background(), cfg.Groups.Rates, offsets)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		t.Fatalf("commit the rates group's offset: %v", err)
	}
}

// coordinatorLoading is the answer of a coordinator still loading the
// group's offsets, at the request's version.
func coordinatorLoading(req *kmsg.OffsetFetchRequest) *kmsg.OffsetFetchResponse {
	resp := req.ResponseKind().(*kmsg.OffsetFetchResponse)
	code := kerr.CoordinatorLoadInProgress.Code
	resp.ErrorCode = code
	for _, g := range req.Groups {
		group := kmsg.NewOffsetFetchResponseGroup()
		group.Group, group.ErrorCode = g.Group, code
		resp.Groups = append(resp.Groups, group)
	}
	return resp
}
