package main

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
)

// topicKeys reads topic from its start to its high watermarks, as they
// are when called, and counts the records of each key.
func (s *e2eStack) topicKeys(t testing.TB, topic string) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(s.brokers...))
	if err != nil {
		t.Fatalf("kafka client: %v", err)
	}
	defer cl.Close()
	ends := highWatermarks(ctx, t, cl, topic)
	starts := map[int32]kgo.Offset{}
	left := 0
	for p, end := range ends {
		if end > 0 {
			starts[p] = kgo.NewOffset().AtStart()
			left++
		}
	}
	keys := map[string]int{}
	if left == 0 {
		return keys
	}
	cl.AddConsumePartitions(map[string]map[int32]kgo.Offset{topic: starts})
	for left > 0 {
		fetches := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %s to its high watermarks %v: %v", topic, ends, ctx.Err())
		}
		fetches.EachRecord(func(r *kgo.Record) {
			if r.Offset >= ends[r.Partition] {
				return // produced after the watermarks were read
			}
			keys[string(r.Key)]++
			if r.Offset == ends[r.Partition]-1 {
				left--
			}
		})
	}
	return keys
}

// highWatermarks lists the end offset of every partition of topic.
func highWatermarks(ctx context.Context, t testing.TB, cl *kgo.Client, topic string) map[int32]int64 {
	t.Helper()
	meta := kmsg.NewPtrMetadataRequest()
	mt := kmsg.NewMetadataRequestTopic()
	mt.Topic = kmsg.StringPtr(topic)
	meta.Topics = append(meta.Topics, mt)
	mresp, err := meta.RequestWith(ctx, cl)
	if err != nil || len(mresp.Topics) != 1 || mresp.Topics[0].ErrorCode != 0 {
		t.Fatalf("metadata of %s: %v %+v", topic, err, mresp)
	}
	req := kmsg.NewPtrListOffsetsRequest()
	lt := kmsg.NewListOffsetsRequestTopic()
	lt.Topic = topic
	for _, p := range mresp.Topics[0].Partitions {
		lp := kmsg.NewListOffsetsRequestTopicPartition()
		lp.Partition = p.Partition
		lp.Timestamp = -1 // the end
		lt.Partitions = append(lt.Partitions, lp)
	}
	req.Topics = append(req.Topics, lt)
	resp, err := req.RequestWith(ctx, cl)
	if err != nil || len(resp.Topics) != 1 {
		t.Fatalf("end offsets of %s: %v", topic, err)
	}
	ends := map[int32]int64{}
	for _, p := range resp.Topics[0].Partitions {
		if err := kerr.ErrorForCode(p.ErrorCode); err != nil {
			t.Fatalf("end offset of %s/%d: %v", topic, p.Partition, err)
		}
		ends[p.Partition] = p.Offset
	}
	return ends
}

// hold makes the embedded broker sit on every request of kind key that
// names topic, as a broker that stopped answering would, until release
// is called; the requests held are then served as usual. Other requests
// and topics go on. It needs the embedded broker.
type hold struct {
	release func()
	held    func() int
}

// waitHeld waits until n requests are held. For a consumer, one held
// fetch means none of its fetches is still waiting at the broker, where
// it could pick up a new record: from then on it reads nothing.
func (h hold) waitHeld(t testing.TB, n int) {
	t.Helper()
	testenv.Eventually(t, 10*time.Second, func() bool { return h.held() >= n }, "%d requests held", n)
}

// needEmbeddedBroker skips t when the stack runs on KAFKA_BROKERS, whose
// requests cannot be held.
func (s *e2eStack) needEmbeddedBroker(t *testing.T) {
	t.Helper()
	if s.cluster == nil {
		t.Skip("holding a processor's requests needs the embedded broker; KAFKA_BROKERS is set")
	}
}

func holdRequests(t testing.TB, cluster *kfake.Cluster, key kmsg.Key, topic string) hold {
	t.Helper()
	var (
		mu       sync.Mutex
		released bool
		count    int
	)
	gate := make(chan struct{})
	var id [16]byte // newer requests name the topic by its id (franz-go's produce)
	if info := cluster.TopicInfo(topic); info != nil {
		id = info.TopicID
	}
	cluster.ControlKey(int16(key), func(req kmsg.Request) (kmsg.Response, error, bool) {
		mu.Lock()
		hit := !released && names(req, topic, id)
		if hit {
			count++
		}
		mu.Unlock()
		if hit {
			cluster.SleepControl(func() { <-gate })
		}
		return nil, nil, false // the broker then serves it as usual
	})
	var once sync.Once
	release := func() {
		once.Do(func() {
			mu.Lock()
			released = true
			mu.Unlock()
			close(gate)
		})
	}
	t.Cleanup(release) // never leave the broker holding requests
	return hold{release: release, held: func() int { mu.Lock(); defer mu.Unlock(); return count }}
}

// names reports whether a produce or fetch request names topic, by its
// name or (from produce v13 and fetch v13 on) by its id.
func names(req kmsg.Request, topic string, id [16]byte) bool {
	is := func(name string, tid [16]byte) bool { return name == topic || (id != [16]byte{} && tid == id) }
	switch r := req.(type) {
	case *kmsg.ProduceRequest:
		for _, tp := range r.Topics {
			if is(tp.Topic, tp.TopicID) {
				return true
			}
		}
	case *kmsg.FetchRequest:
		for _, tp := range r.Topics {
			if is(tp.Topic, tp.TopicID) {
				return true
			}
		}
	}
	return false
}
