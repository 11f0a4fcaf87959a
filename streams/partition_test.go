package streams_test

import (
	"fmt"
	"testing"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// TestHasherIsKafkas: goka's processors, views and emitters, given
// streams.Hasher, and PartitionOf put every key where the producer's
// partitioner (kgo's murmur2) and sarama's murmur2 partitioner do. goka and
// sarama reduce a hash to a partition by abs(int32(Sum32)) % n.
func TestHasherIsKafkas(t *testing.T) {
	keys := partitionKeys()
	for _, n := range []int{1, 3, 10, 12, 64, 1000} {
		t.Run(fmt.Sprintf("%d partitions", n), func(t *testing.T) {
			viaGoka := sarama.NewCustomHashPartitioner(streams.Hasher())("topic")
			kafka := sarama.NewMurmur2Partitioner("topic")
			producer := streams.KeyPartitioner().ForTopic("topic")
			for _, k := range keys {
				msg := &sarama.ProducerMessage{Key: sarama.ByteEncoder(k)}
				want, _ := kafka.Partition(msg, int32(n))
				got, _ := viaGoka.Partition(msg, int32(n))
				h := streams.Hasher()()
				_, _ = h.Write(k)
				hash := int32(h.Sum32())
				if hash < 0 {
					hash = -hash
				}
				byView := hash % int32(n)
				if got != want || byView != want || streams.PartitionOf(k, int32(n)) != want ||
					producer.Partition(&kgo.Record{Key: k}, n) != int(want) {
					t.Fatalf("key %q: goka's emitter %d, goka's view %d, PartitionOf %d, Kafka's partitioner %d",
						k, got, byView, streams.PartitionOf(k, int32(n)), want)
				}
			}
		})
	}
}

// TestHasherJavaVectors: the values of Kafka's own test of Utils.murmur2
// (UtilsTest.testMurmur2), masked as the partitioner masks them.
func TestHasherJavaVectors(t *testing.T) {
	vectors := map[string]int32{
		"21":                         -973932308,
		"foobar":                     -790332482,
		"a-little-bit-long-string":   -985981536,
		"a-little-bit-longer-string": -1486304829,
		"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
		"abc": 479470107,
	}
	for key, java := range vectors {
		h := streams.Hasher()()
		_, _ = h.Write([]byte(key))
		if got, want := h.Sum32(), uint32(java)&0x7fffffff; got != want {
			t.Errorf("%q: %d, Kafka's murmur2 gives %d (masked %d)", key, got, java, want)
		}
	}
}
