package streams

import (
	"time"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/kgo"
)

// ProducerOptions are the franz-go client options of the edge's producer,
// the same durability as the emitters' sarama settings (Config.Sarama, read
// here so that the two never drift): acks from all in-sync replicas, an
// idempotent producer, no compression, the same retries and backoff, the
// same broker-side timeout, and goka's key partitioning. Two settings
// differ on purpose: no linger (sarama flushes on a 1 ms tick) and five
// requests in flight per broker (sarama's idempotent producer allows one).
// Topics are auto-created on a broker that allows it, as sarama's metadata
// requests ask for. The brokers, client id, TLS and login are
// ClientOptions'.
func ProducerOptions(cfg Config) []kgo.Opt {
	p := cfg.Sarama().Producer
	return append(ClientOptions(cfg),
		kgo.RequiredAcks(acksOf(p.RequiredAcks)),
		kgo.ProducerBatchCompression(kgo.NoCompression()),
		kgo.ProducerLinger(0),
		kgo.ProduceRequestTimeout(max(p.Timeout, 100*time.Millisecond)), // kgo's least
		kgo.RecordRetries(p.Retry.Max),
		kgo.RecordDeliveryTimeout(max(p.Timeout, time.Second)), // kgo's least
		kgo.RetryBackoffFn(func(int) time.Duration { return p.Retry.Backoff }),
		kgo.MetadataMinAge(cfg.Sarama().Metadata.Retry.Backoff),
		kgo.RecordPartitioner(KeyPartitioner()),
		kgo.AllowAutoTopicCreation(),
	)
}

// acksOf maps sarama's required acks onto kgo's. kgo's idempotent producer
// needs acks from all in-sync replicas, which is what txstream asks for.
func acksOf(a sarama.RequiredAcks) kgo.Acks {
	switch a {
	case sarama.NoResponse:
		return kgo.NoAck()
	case sarama.WaitForLocal:
		return kgo.LeaderAck()
	default:
		return kgo.AllISRAcks()
	}
}

// KeyPartitioner puts a keyed record where Kafka's standard partitioner
// does, (murmur2(key) & 0x7fffffff) % n: kgo's default key partitioner,
// the partition that goka's processors, views and emitters compute with
// Hasher, and the one the Java client and librdkafka's murmur2_random pick.
// The transactions processor relies on it: a transaction id's events,
// statuses and conversion results must share one partition number, whoever
// wrote them.
func KeyPartitioner() kgo.Partitioner {
	return kgo.StickyKeyPartitioner(nil)
}
