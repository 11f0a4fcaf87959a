package testenv

import (
	"context"
	"strconv"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// DeadLetterTopic is a dead-letter topic on a broker, and a client that
// writes to it where it is told, as a processor writing dead letters does.
type DeadLetterTopic struct {
	Brokers []string
	Topic   string
	cl      *kgo.Client
}

// NewDeadLetterTopic creates a dead-letter topic of partitions, named for
// the test, on brokers.
func NewDeadLetterTopic(t testing.TB, brokers []string, partitions int32) *DeadLetterTopic {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	d := &DeadLetterTopic{Brokers: brokers, Topic: Name(t, "dead-letter-topic"), cl: cl}
	CreateTopic(t, cl, d.Topic, partitions)
	return d
}

// DeadLetter is what a processor knows of a record it cannot apply: where
// it was read (Topic, Partition, Offset), why, and the record.
type DeadLetter struct {
	Topic     string
	Partition int32
	Offset    int64
	Reason    string
	Key       []byte
	Value     []byte
	Headers   []kgo.RecordHeader
}

// Write appends l to partition of the topic in the dead-letter format,
// dead-lettered by the transactions group at 2026-12-07T01:02:03Z.
func (d *DeadLetterTopic) Write(t testing.TB, partition int32, l DeadLetter) {
	t.Helper()
	h := append([]kgo.RecordHeader{}, l.Headers...)
	for _, kv := range [][2]string{
		{streams.HeaderDLQTopic, l.Topic},
		{streams.HeaderDLQPartition, strconv.Itoa(int(l.Partition))},
		{streams.HeaderDLQOffset, strconv.FormatInt(l.Offset, 10)},
		{streams.HeaderDLQGroup, "transactions"},
		{streams.HeaderDLQReason, l.Reason},
		{streams.HeaderDLQError, "cannot apply: " + l.Reason},
		{streams.HeaderDLQAt, "2026-12-07T01:02:03Z"},
	} {
		h = append(h, kgo.RecordHeader{Key: kv[0], Value: []byte(kv[1])})
	}
	r := &kgo.Record{Topic: d.Topic, Partition: partition, Key: l.Key, Value: l.Value, Headers: h}
	if err := d.cl.ProduceSync(context.Background(), r).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

// Client is the writing client, for a test that creates topics or writes
// records of its own beside the dead letters.
func (d *DeadLetterTopic) Client() *kgo.Client { return d.cl }
