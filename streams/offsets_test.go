package streams_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestHighWaterMarksAskEachLeaderOnce: the end offsets of twelve
// partitions on three brokers cost at most one request per leader, where
// HighWaterMark costs one per partition, and both read the same offsets
// (a partition's record count here); a partition that does not exist is
// named in the error while the others are answered.
func TestHighWaterMarksAskEachLeaderOnce(t *testing.T) {
	const partitions = 12
	c, err := kfake.NewCluster(kfake.NumBrokers(3))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cfg := testenv.NamedStreamsConfig(t, c.ListenAddrs(), partitions)
	topic := cfg.Topics.Transactions
	if _, err := testenv.Admin(t, cfg).CreateTopic(t.Context(), partitions, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceToEach(t, cfg.Brokers, topic, partitions)
	offsets, err := streams.NewKafkaOffsets(cfg.Brokers, cfg.Sarama())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = offsets.Close() })
	all := make([]int32, partitions)
	for p := range all {
		all[p] = int32(p)
	}
	// The first call learns the leaders from the metadata; the count
	// starts after it.
	if _, err := offsets.HighWaterMarks(map[string][]int32{topic: all}); err != nil {
		t.Fatal(err)
	}
	var asked atomic.Int64
	c.ControlKey(int16(kmsg.ListOffsets), func(kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		asked.Add(1)
		return nil, nil, false
	})

	ends, err := offsets.HighWaterMarks(map[string][]int32{topic: all})
	if err != nil {
		t.Fatal(err)
	}
	if n := asked.Swap(0); n < 1 || n > 3 {
		t.Fatalf("%d ListOffsets requests for %d partitions on 3 brokers, want one per leader", n, partitions)
	}
	for _, p := range all {
		one, err := offsets.HighWaterMark(topic, p)
		if err != nil {
			t.Fatal(err)
		}
		if ends[topic][p] != int64(p+1) || one != ends[topic][p] {
			t.Errorf("partition %d: HighWaterMarks %d, HighWaterMark %d, want its %d records", p, ends[topic][p], one, p+1)
		}
	}
	if n := asked.Load(); n != partitions {
		t.Errorf("HighWaterMark asked %d times for %d partitions", n, partitions)
	}

	ends, err = offsets.HighWaterMarks(map[string][]int32{topic: {0, partitions}})
	if err == nil || ends[topic][0] != 1 {
		t.Fatalf("with a partition that does not exist: %v, %v; want partition 0's end and an error", ends, err)
	}
}

// produceToEach writes p+1 records to each partition p of topic.
func produceToEach(t *testing.T, brokers []string, topic string, partitions int) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	for p := range partitions {
		for i := range p + 1 {
			r := &kgo.Record{Topic: topic, Partition: int32(p), Value: fmt.Appendf(nil, "%d-%d", p, i)}
			if err := cl.ProduceSync(t.Context(), r).FirstErr(); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestCommittedResumesAtTheOldestOffset: a partition the group committed
// resumes at its commit; one without a commit at its oldest retained
// offset, read for all such partitions in one request to their leader.
func TestCommittedResumesAtTheOldestOffset(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cfg := testenv.NamedStreamsConfig(t, c.ListenAddrs(), 4)
	topic, group := cfg.Topics.Transactions, testenv.Name(t, "group")
	adm := testenv.Admin(t, cfg)
	if _, err := adm.CreateTopic(t.Context(), 4, 1, nil, topic); err != nil {
		t.Fatal(err)
	}
	produceToEach(t, cfg.Brokers, topic, 4) // partition p holds p+1 records
	trim := kadm.Offsets{}
	trim.Add(kadm.Offset{Topic: topic, Partition: 3, At: 2})
	if _, err := adm.DeleteRecords(t.Context(), trim); err != nil {
		t.Fatal(err)
	}
	commit := kadm.Offsets{}
	commit.Add(kadm.Offset{Topic: topic, Partition: 1, At: 1, LeaderEpoch: -1})
	if err := adm.CommitAllOffsets(t.Context(), group, commit); err != nil {
		t.Fatal(err)
	}
	offsets, err := streams.NewKafkaOffsets(cfg.Brokers, cfg.Sarama())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = offsets.Close() })
	var asked atomic.Int64
	c.ControlKey(int16(kmsg.ListOffsets), func(kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		asked.Add(1)
		return nil, nil, false
	})
	got, err := offsets.Committed(group, map[string][]int32{topic: {0, 1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int32]int64{0: 0, 1: 1, 2: 0, 3: 2}
	for p, w := range want {
		if got[topic][p] != w {
			t.Errorf("partition %d resumes at %d, want %d", p, got[topic][p], w)
		}
	}
	if n := asked.Load(); n != 1 {
		t.Errorf("%d ListOffsets requests for three partitions without a commit on one broker, want 1", n)
	}
}
