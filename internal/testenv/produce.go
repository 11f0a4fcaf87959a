package testenv

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// ProduceAt writes one record to the partition it names, as a foreign
// producer with another partitioner (or none) would: key and value as
// given, nil value for a tombstone. It returns once the brokers acked it.
func ProduceAt(t testing.TB, brokers []string, topic string, partition int32, key string, value []byte) {
	t.Helper()
	client, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rec := &kgo.Record{Topic: topic, Partition: partition, Key: []byte(key), Value: value}
	if err := client.ProduceSync(ctx, rec).FirstErr(); err != nil {
		t.Fatalf("produce %s to %s/%d: %v", key, topic, partition, err)
	}
}
