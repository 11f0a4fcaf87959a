package testenv

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// ProduceAt writes one record to the partition it names, as a foreign
// producer with another partitioner (or none) would: key and value as
// given, nil value for a tombstone, with headers. It returns once the
// brokers acked it.
func ProduceAt(t testing.TB, brokers []string, topic string, partition int32, key string, value []byte, headers ...kgo.RecordHeader) {
	t.Helper()
	client, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rec := &kgo.Record{Topic: topic, Partition: partition, Key: []byte(key), Value: value, Headers: headers}
	if err := client.ProduceSync(ctx, rec).FirstErr(); err != nil {
		t.Fatalf("produce %s to %s/%d: %v", key, topic, partition, err)
	}
}

// ConsumeUntil reads topic from its start until done holds for the records
// read so far, and returns them; it fails the test after timeout.
func ConsumeUntil(t testing.TB, brokers []string, topic string, timeout time.Duration, done func([]*kgo.Record) bool) []*kgo.Record {
	t.Helper()
	client, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var got []*kgo.Record
	for !done(got) {
		fetches := client.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("timed out after %s reading %s: %d records so far", timeout, topic, len(got))
		}
		got = append(got, fetches.Records()...)
	}
	return got
}

// Header is the value of the record's header key, nil when it has none.
func Header(rec *kgo.Record, key string) []byte {
	for _, h := range rec.Headers {
		if h.Key == key {
			return h.Value
		}
	}
	return nil
}
