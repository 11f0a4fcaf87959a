package streams_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/IBM/sarama"
	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// viewConsumerCluster starts a one-broker kfake cluster with topics of
// partitions partitions each, and a running ViewConsumer on it.
func viewConsumerCluster(t *testing.T, partitions int, topics ...string) (streams.Config, *streams.ViewConsumer) {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cfg := testenv.NamedStreamsConfig(t, c.ListenAddrs(), partitions)
	for _, topic := range topics {
		if _, err := testenv.Admin(t, cfg).CreateTopic(t.Context(), int32(partitions), 1, nil, topic); err != nil {
			t.Fatal(err)
		}
	}
	vc, err := streams.NewViewConsumer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- vc.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if err := vc.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return cfg, vc
}

// produce writes records to their partitions, in order, synchronously.
func produce(t *testing.T, cfg streams.Config, records ...*kgo.Record) {
	t.Helper()
	produceWith(t, cfg, kgo.ManualPartitioner(), records...)
}

// produceWith writes records where partitioner puts them.
func produceWith(t *testing.T, cfg streams.Config, partitioner kgo.Partitioner, records ...*kgo.Record) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...), kgo.RecordPartitioner(partitioner))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if err := cl.ProduceSync(t.Context(), records...).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

// next reads one message, or fails after a deadline.
func next(t *testing.T, pc sarama.PartitionConsumer) *sarama.ConsumerMessage {
	t.Helper()
	select {
	case m, ok := <-pc.Messages():
		if !ok {
			t.Fatal("messages closed")
		}
		return m
	case err := <-pc.Errors():
		t.Fatalf("error: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no message in 10 s")
	}
	return nil
}

// TestViewConsumerHandsEachPartitionItsRecords: the records of two topics'
// partitions, read through one client, reach each partition's consumer in
// order, as sarama hands them over: key, value, offset, headers, and a
// tombstone's nil value; a partition starts at the offset asked, the
// oldest or the newest.
func TestViewConsumerHandsEachPartitionItsRecords(t *testing.T) {
	cfg, vc := viewConsumerCluster(t, 2, "a", "b")
	var records []*kgo.Record
	for _, topic := range []string{"a", "b"} {
		for p := range int32(2) {
			for i := range 3 {
				records = append(records, &kgo.Record{Topic: topic, Partition: p,
					Key: fmt.Appendf(nil, "%s%d-%d", topic, p, i), Value: fmt.Appendf(nil, "v%d", i),
					Headers: []kgo.RecordHeader{{Key: "h", Value: []byte(topic)}}})
			}
		}
	}
	records = append(records, &kgo.Record{Topic: "a", Partition: 0, Key: []byte("gone")}) // a tombstone
	produce(t, cfg, records...)

	c := vc.Consumer()
	for _, topic := range []string{"a", "b"} {
		for p := range int32(2) {
			pc, err := c.ConsumePartition(topic, p, sarama.OffsetOldest)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				m := next(t, pc)
				want := fmt.Sprintf("%s%d-%d", topic, p, i)
				if string(m.Key) != want || string(m.Value) != fmt.Sprintf("v%d", i) || m.Offset != int64(i) ||
					m.Topic != topic || m.Partition != p || len(m.Headers) != 1 || string(m.Headers[0].Value) != topic {
					t.Fatalf("%s/%d #%d: %+v, want key %s at offset %d", topic, p, i, m, want, i)
				}
			}
			if topic == "a" && p == 0 {
				if m := next(t, pc); string(m.Key) != "gone" || m.Value != nil {
					t.Fatalf("tombstone: key %q value %v, want a nil value", m.Key, m.Value)
				}
			}
			if err := pc.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}

	at, err := c.ConsumePartition("b", 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if m := next(t, at); m.Offset != 2 {
		t.Fatalf("at offset 2: got offset %d", m.Offset)
	}
	at.AsyncClose()
	newest, err := c.ConsumePartition("b", 0, sarama.OffsetNewest)
	if err != nil {
		t.Fatal(err)
	}
	produce(t, cfg, &kgo.Record{Topic: "b", Partition: 0, Value: []byte("later")})
	if m := next(t, newest); m.Offset != 3 || string(m.Value) != "later" {
		t.Fatalf("from the newest: offset %d value %q, want the record written after", m.Offset, m.Value)
	}
	if hw := c.HighWaterMarks()["b"][0]; hw != 4 {
		t.Errorf("high water mark of b/0: %d, want 4", hw)
	}
	if hw := newest.HighWaterMarkOffset(); hw != 4 {
		t.Errorf("partition's high water mark: %d, want 4", hw)
	}
	if err := newest.Close(); err != nil {
		t.Fatal(err)
	}
	for range at.Messages() { // closed by AsyncClose
	}
}

// TestViewConsumerOnePartitionAtATime: a partition being consumed cannot
// be consumed twice, as sarama refuses it; once closed it can, and
// starts where it is asked to, whatever the closed one had fetched.
func TestViewConsumerOnePartitionAtATime(t *testing.T) {
	cfg, vc := viewConsumerCluster(t, 1, "a")
	produce(t, cfg, &kgo.Record{Topic: "a", Value: []byte("0")}, &kgo.Record{Topic: "a", Value: []byte("1")})
	c := vc.Consumer()
	first, err := c.ConsumePartition("a", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConsumePartition("a", 0, 0); !errors.Is(err, streams.ErrPartitionConsumed) {
		t.Fatalf("second consumer of a/0: %v, want ErrPartitionConsumed", err)
	}
	next(t, first)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := c.ConsumePartition("a", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if m := next(t, again); m.Offset != int64(i) {
			t.Fatalf("consumed again from 0: record %d at offset %d", i, m.Offset)
		}
	}
	if err := again.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestViewConsumerASlowViewHoldsNoOtherUp: a partition whose view does
// not read, with more records than its queue holds, does not stop
// another partition's records from arriving; it gets all of its own, in
// order, once its view reads.
func TestViewConsumerASlowViewHoldsNoOtherUp(t *testing.T) {
	cfg, vc := viewConsumerCluster(t, 2, "a")
	const many = 10000 // 5 MB: more than the queue and the channel together
	records := make([]*kgo.Record, 0, many)
	for i := range many {
		records = append(records, &kgo.Record{Topic: "a", Partition: 0, Value: fmt.Appendf(nil, "%500d", i)})
	}
	produce(t, cfg, records...)
	c := vc.Consumer()
	slow, err := c.ConsumePartition("a", 0, sarama.OffsetOldest)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := c.ConsumePartition("a", 1, sarama.OffsetOldest)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		produce(t, cfg, &kgo.Record{Topic: "a", Partition: 1, Value: fmt.Appendf(nil, "%d", i)})
		if m := next(t, fast); m.Offset != int64(i) {
			t.Fatalf("fast partition: offset %d, want %d", m.Offset, i)
		}
	}
	for i := range many {
		if m := next(t, slow); m.Offset != int64(i) {
			t.Fatalf("slow partition: offset %d, want %d", m.Offset, i)
		}
	}
	produce(t, cfg, &kgo.Record{Topic: "a", Partition: 0, Value: []byte("after")})
	if m := next(t, slow); m.Offset != many {
		t.Fatalf("after the queue emptied: offset %d, want %d (the partition resumed)", m.Offset, many)
	}
	_ = slow.Close()
	_ = fast.Close()
}

// TestViewConsumerPauseHoldsAPartition: a partition paused through the
// consumer says so and gets the records written meanwhile once resumed.
func TestViewConsumerPauseHoldsAPartition(t *testing.T) {
	cfg, vc := viewConsumerCluster(t, 1, "a")
	c := vc.Consumer()
	pc, err := c.ConsumePartition("a", 0, sarama.OffsetOldest)
	if err != nil {
		t.Fatal(err)
	}
	c.PauseAll()
	if !pc.IsPaused() {
		t.Fatal("not paused after PauseAll")
	}
	produce(t, cfg, &kgo.Record{Topic: "a", Value: []byte("0")})
	c.Resume(map[string][]int32{"a": {0}})
	if pc.IsPaused() {
		t.Fatal("paused after Resume")
	}
	if m := next(t, pc); m.Offset != 0 {
		t.Fatalf("after Resume: offset %d", m.Offset)
	}
	_ = pc.Close()
}

// TestViewConsumerCloseEndsThePartitions: Close ends every partition
// still consumed (its channels close), and no partition starts after.
func TestViewConsumerCloseEndsThePartitions(t *testing.T) {
	_, vc := viewConsumerCluster(t, 1, "a")
	c := vc.Consumer()
	pc, err := c.ConsumePartition("a", 0, sarama.OffsetOldest)
	if err != nil {
		t.Fatal(err)
	}
	if err := vc.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case _, ok := <-pc.Messages():
		if ok {
			t.Fatal("a message after Close")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("messages not closed 10 s after Close")
	}
	if _, err := c.ConsumePartition("a", 0, 0); !errors.Is(err, streams.ErrViewConsumerClosed) {
		t.Fatalf("consume after Close: %v, want ErrViewConsumerClosed", err)
	}
}

// TestViewConsumerFeedsAGokaView: a goka view on the view consumer
// recovers a table and then follows its changes, deletes included.
func TestViewConsumerFeedsAGokaView(t *testing.T) {
	cfg, vc := viewConsumerCluster(t, 2, "t-table")
	produceWith(t, cfg, streams.KeyPartitioner(), &kgo.Record{Topic: "t-table", Key: []byte("k0"), Value: []byte("old")},
		&kgo.Record{Topic: "t-table", Key: []byte("k0"), Value: []byte("v0")},
		&kgo.Record{Topic: "t-table", Key: []byte("k1"), Value: []byte("v1")})
	view, err := goka.NewView(cfg.Brokers, goka.Table("t-table"), new(codec.String),
		append(cfg.ViewOptions(), goka.WithViewStorageBuilder(streams.LevelDB("", nil)), vc.Builder())...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- view.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("view: %v", err)
		}
	})
	testenv.Eventually(t, 20*time.Second, view.Recovered, "the view recovered")
	for k, want := range map[string]string{"k0": "v0", "k1": "v1"} {
		if got, err := view.Get(k); err != nil || got != want {
			t.Fatalf("after recovery %s = %v (%v), want %s", k, got, err, want)
		}
	}
	produceWith(t, cfg, streams.KeyPartitioner(), &kgo.Record{Topic: "t-table", Key: []byte("k1"), Value: []byte("v1b")},
		&kgo.Record{Topic: "t-table", Key: []byte("k0")})
	testenv.Eventually(t, 20*time.Second, func() bool {
		v1, _ := view.Get("k1")
		v0, _ := view.Get("k0")
		return v1 == "v1b" && v0 == nil
	}, "the view followed the changes")
}
