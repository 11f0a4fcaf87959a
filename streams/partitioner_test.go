package streams_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// TestKeyPartitionerIsKafkas: for every key and partition count, the
// producer's partitioner picks the partition that Kafka's Java client and
// librdkafka's murmur2_random pick, (murmur2(key) & 0x7fffffff) % n, so
// that a record written by any standard client lands where the processors
// expect its key. sarama's murmur2 partitioner is the reference: an
// implementation independent of kgo's.
func TestKeyPartitionerIsKafkas(t *testing.T) {
	keys := partitionKeys()
	for _, n := range []int{1, 2, 3, 7, 10, 12, 16, 30, 64, 100, 1000} {
		t.Run(fmt.Sprintf("%d partitions", n), func(t *testing.T) {
			kafka := sarama.NewMurmur2Partitioner("topic")
			ours := streams.KeyPartitioner().ForTopic("topic")
			for _, k := range keys {
				want, err := kafka.Partition(&sarama.ProducerMessage{Key: sarama.ByteEncoder(k)}, int32(n))
				if err != nil {
					t.Fatal(err)
				}
				if got := ours.Partition(&kgo.Record{Key: k}, n); got != int(want) {
					t.Fatalf("key %q: partition %d of %d, Kafka's partitioner puts it on %d", k, got, n, want)
				}
			}
		})
	}
}

// partitionKeys are transaction ids as clients and txbench write them,
// currency codes (the rates topic's keys), and random bytes.
func partitionKeys() [][]byte {
	var keys [][]byte
	for i := range 20000 {
		keys = append(keys, fmt.Appendf(nil, "bench-%08x-%06d", i*7919, i), fmt.Appendf(nil, "tx-%d", i))
	}
	for _, c := range []string{"EUR", "USD", "JPY", "GBP", "CHF", "NOK", "ÉUR", ""} {
		keys = append(keys, []byte(c))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		k := make([]byte, 1+r.IntN(40))
		for i := range k {
			k[i] = byte(r.Uint32())
		}
		keys = append(keys, k)
	}
	return keys
}
