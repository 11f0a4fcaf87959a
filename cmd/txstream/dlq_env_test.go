package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// dlqEnv is an embedded broker with a dead-letter topic and a source topic
// of four partitions, and a client that writes where it is told, as a
// processor writing dead letters does.
type dlqEnv struct {
	brokers    []string
	deadLetter string
	source     string
	cl         *kgo.Client
}

const testSourcePartitions = 4

func newDLQEnv(t *testing.T, deadLetterPartitions int32) *dlqEnv {
	t.Helper()
	e := dlqEnvOn(t, testenv.EmbeddedKafka(t).Brokers, testenv.Name(t, "transaction-topic"), deadLetterPartitions)
	e.createTopic(t, e.source, testSourcePartitions)
	return e
}

// dlqEnvOn creates a dead-letter topic beside the existing source topic.
func dlqEnvOn(t *testing.T, brokers []string, source string, deadLetterPartitions int32) *dlqEnv {
	t.Helper()
	e := &dlqEnv{brokers: brokers, deadLetter: testenv.Name(t, "dead-letter-topic"), source: source}
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.brokers...), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	e.cl = cl
	e.createTopic(t, e.deadLetter, deadLetterPartitions)
	return e
}

func (e *dlqEnv) createTopic(t *testing.T, topic string, partitions int32) {
	t.Helper()
	req := kmsg.NewPtrCreateTopicsRequest()
	rt := kmsg.NewCreateTopicsRequestTopic()
	rt.Topic, rt.NumPartitions, rt.ReplicationFactor = topic, partitions, 1
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(context.Background(), e.cl)
	if err != nil {
		t.Fatal(err)
	}
	if err := kerr.ErrorForCode(resp.Topics[0].ErrorCode); err != nil {
		t.Fatalf("create %s: %v", topic, err)
	}
}

// deadLetter is what a processor knows of a record it cannot apply.
type deadLetter struct {
	topic     string
	partition int32
	offset    int64
	reason    string
	key       []byte
	value     []byte
	headers   []kgo.RecordHeader
}

// write appends d to the dead-letter topic's partition in the fixed format.
func (e *dlqEnv) write(t *testing.T, partition int32, d deadLetter) {
	t.Helper()
	h := append([]kgo.RecordHeader{}, d.headers...)
	for _, kv := range [][2]string{
		{streams.HeaderDLQTopic, d.topic},
		{streams.HeaderDLQPartition, strconv.Itoa(int(d.partition))},
		{streams.HeaderDLQOffset, strconv.FormatInt(d.offset, 10)},
		{streams.HeaderDLQGroup, "transactions"},
		{streams.HeaderDLQReason, d.reason},
		{streams.HeaderDLQError, "cannot apply: " + d.reason},
		{streams.HeaderDLQAt, "2026-12-07T01:02:03Z"},
	} {
		h = append(h, kgo.RecordHeader{Key: kv[0], Value: []byte(kv[1])})
	}
	r := &kgo.Record{Topic: e.deadLetter, Partition: partition, Key: d.key, Value: d.value, Headers: h}
	if err := e.cl.ProduceSync(context.Background(), r).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

// run runs txstream with args and the environment's brokers and topic.
func (e *dlqEnv) run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	args = append(args, "--brokers", strings.Join(e.brokers, ","), "--topic-dead-letter", e.deadLetter)
	return runTxstream(args...)
}

func runTxstream(args ...string) (code int, stdout, stderr string) {
	var out, errOut strings.Builder
	code = run(context.Background(), args, stdio{stdout: &out, stderr: &errOut, lookupEnv: envMap{}.lookup})
	return code, out.String(), errOut.String()
}

// records reads topic from its start to its current end.
func (e *dlqEnv) records(t *testing.T, topic string) []*kgo.Record {
	t.Helper()
	ends := e.ends(t, topic)
	want := 0
	from := map[int32]kgo.Offset{}
	for p, end := range ends {
		from[p] = kgo.NewOffset().AtStart()
		want += int(end)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.brokers...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: from}))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out []*kgo.Record
	for len(out) < want && ctx.Err() == nil {
		cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) { out = append(out, r) })
	}
	if len(out) != want {
		t.Fatalf("read %d records of %s, want %d", len(out), topic, want)
	}
	return out
}

// ends is the high watermark of every partition of topic.
func (e *dlqEnv) ends(t *testing.T, topic string) map[int32]int64 {
	t.Helper()
	return highWatermarks(context.Background(), t, e.cl, topic)
}

// count is how many records topic holds.
func (e *dlqEnv) count(t *testing.T, topic string) int {
	t.Helper()
	n := 0
	for _, end := range e.ends(t, topic) {
		n += int(end)
	}
	return n
}
