package streams

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/poll"
)

// TestViewPartitionQueueIsBounded: a partition whose view does not read
// is paused at the client once viewQueueBytes are queued for it or being
// handed over, and is fetched again once its view has taken them. (How
// much one fetch brings is the broker's: kfake here returns all 5 MB at
// once, so the bytes held are not compared with the bound.)
func TestViewPartitionQueueIsBounded(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(1, "a"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	const records, size = 10000, 500 // 5 MB, five queues' worth
	pr, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	batch := make([]*kgo.Record, records)
	for i := range batch {
		batch[i] = &kgo.Record{Topic: "a", Value: fmt.Appendf(nil, "%*d", size, i)}
	}
	if err := pr.ProduceSync(t.Context(), batch...).FirstErr(); err != nil {
		t.Fatal(err)
	}

	cfg := DefaultConfig()
	cfg.Brokers = c.ListenAddrs()
	vc, err := NewViewConsumer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- vc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; _ = vc.Close() })
	pc, err := vc.consume("a", 0, sarama.OffsetOldest)
	if err != nil {
		t.Fatal(err)
	}

	pausedAtClient := func() bool { return slices.Contains(vc.cl.PauseFetchPartitions(nil)["a"], 0) }
	paused := func() bool {
		pc.mu.Lock()
		defer pc.mu.Unlock()
		return pc.paused && pausedAtClient()
	}
	if err := poll.Within(20*time.Second, 100*time.Millisecond, poll.Holds(paused)); err != nil {
		t.Fatalf("the partition paused: %v", err)
	}

	for i := range records {
		select {
		case m := <-pc.Messages():
			if m.Offset != int64(i) {
				t.Fatalf("record %d at offset %d", i, m.Offset)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("record %d not in 10 s", i)
		}
	}
	// The forwarder resumes the partition when it comes back for more.
	resumed := func() bool { return !pausedAtClient() }
	if err := poll.Within(20*time.Second, 100*time.Millisecond, poll.Holds(resumed)); err != nil {
		t.Fatalf("still paused after the view took everything: %v", err)
	}
	_ = pc.Close()
}
