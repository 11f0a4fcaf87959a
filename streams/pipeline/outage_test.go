package pipeline_test

import (
	"context"
	"net"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/embedded"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/pipeline"
)

// restartCounter counts the pipeline's restarts of failed processors.
type restartCounter struct {
	streams.NopObserver
	n atomic.Int64
}

func (r *restartCounter) Restarted(string) { r.n.Add(1) }

// TestPipelineSurvivesBrokerOutage stops the broker under a running
// pipeline: the processors fail, are restarted with a backoff while the
// broker is away, and process again once it is back, without the pipeline
// ever returning.
func TestPipelineSurvivesBrokerOutage(t *testing.T) {
	// The broker picks its port; the restart binds the same one again, as
	// a restarted broker would.
	dir := t.TempDir()
	broker := startBroker(t, 0, dir)
	port := brokerPort(t, broker)
	cfg := streams.DefaultConfig()
	cfg.Brokers = broker.Brokers
	cfg.Partitions = 2
	cfg.SessionTimeout, cfg.HeartbeatInterval, cfg.RebalanceTimeout = 3*time.Second, 300*time.Millisecond, 3*time.Second
	if err := streams.EnsureTopics(cfg); err != nil {
		t.Fatal(err)
	}
	restarts := &restartCounter{}
	p, err := pipeline.New(cfg, pipeline.Options{
		Hooks:   streams.Hooks{Observer: restarts},
		Restart: pipeline.Restart{Min: 100 * time.Millisecond, Max: time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	testenv.Eventually(t, time.Minute, p.Recovered, "pipeline recovered")
	completes(t, cfg, "before-outage")

	broker.Close()
	testenv.Eventually(t, time.Minute, func() bool { return restarts.n.Load() > 0 }, "a processor restarted while the broker is away")
	startBroker(t, port, dir)
	completes(t, cfg, "after-outage")
	select {
	case err := <-done:
		t.Fatalf("the pipeline returned during the outage: %v", err)
	default:
	}
}

// brokerPort is the port the broker bound.
func brokerPort(t *testing.T, k *embedded.Kafka) int {
	t.Helper()
	_, port, err := net.SplitHostPort(k.Brokers[0])
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func startBroker(t *testing.T, port int, dir string) *embedded.Kafka {
	t.Helper()
	k, err := embedded.StartKafka(embedded.KafkaConfig{Port: port, DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	return k
}

// completes produces a transaction with fresh clients and waits until the
// transactions table shows it completed.
func completes(t *testing.T, cfg streams.Config, id string) {
	t.Helper()
	producer, err := streams.NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer producer.Close()
	ev, err := domain.NewTransactionRequested(domain.TransactionInput{ID: id, Amount: "1.00", Currency: "EUR"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, time.Minute, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return producer.ProduceTransaction(ctx, ev) == nil
	}, "%s produced", id)
	view := mustView[domain.Transaction](t, cfg, cfg.Groups.Transactions)
	vctx, stop := context.WithCancel(context.Background())
	viewDone := make(chan error, 1)
	go func() { viewDone <- view.Run(vctx) }()
	defer func() { stop(); <-viewDone }()
	testenv.Eventually(t, time.Minute, func() bool {
		tx, err := view.Get(id)
		return err == nil && tx != nil && tx.Status == domain.StatusCompleted
	}, "%s completed", id)
}
