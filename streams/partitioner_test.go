package streams_test

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"testing"

	"github.com/IBM/sarama"
	"github.com/lovoo/goka"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// TestKeyPartitionerMatchesGoka: for every key and partition count, the
// producer's partitioner picks the partition that goka's emitters and
// processors pick (sarama's hash partitioner over goka's default hasher).
// The keys include ones whose FNV-1a hash has the sign bit set, where
// sarama's partitioner and Kafka's disagree.
func TestKeyPartitionerMatchesGoka(t *testing.T) {
	keys := partitionKeys()
	signed := 0
	for _, k := range keys {
		if int32(fnv32a(k)) < 0 {
			signed++
		}
	}
	if signed < len(keys)/4 {
		t.Fatalf("only %d of %d keys have the sign bit set; the test would not reach sarama's negation", signed, len(keys))
	}
	for _, n := range []int{1, 2, 3, 7, 10, 12, 16, 30, 64, 100, 1000} {
		t.Run(fmt.Sprintf("%d partitions", n), func(t *testing.T) {
			goka := sarama.NewCustomHashPartitioner(goka.DefaultHasher())("topic")
			ours := streams.KeyPartitioner().ForTopic("topic")
			for _, k := range keys {
				want, err := goka.Partition(&sarama.ProducerMessage{Key: sarama.ByteEncoder(k)}, int32(n))
				if err != nil {
					t.Fatal(err)
				}
				if got := ours.Partition(&kgo.Record{Key: k}, n); got != int(want) {
					t.Fatalf("key %q: partition %d of %d, goka puts it on %d", k, got, n, want)
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

func fnv32a(b []byte) uint32 {
	h := fnv.New32a()
	_, _ = h.Write(b)
	return h.Sum32()
}
