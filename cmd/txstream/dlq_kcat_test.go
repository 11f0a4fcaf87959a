package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestDLQReadableWithKcat reads dead letters and a replay marker with kcat,
// as the README shows: key, value and every header as written.
func TestDLQReadableWithKcat(t *testing.T) {
	kcat := requiredTool(t, "kcat")
	d := testenv.NewDeadLetterTopic(t, testenv.EmbeddedKafka(t).Brokers, 1)
	source := testenv.Name(t, "transaction-topic")
	testenv.CreateTopic(t, d.Client(), source, 4)
	d.Write(t, 0, testenv.DeadLetter{Topic: source, Partition: 3, Offset: 7, Reason: streams.ReasonWrongPartition,
		Key: []byte("tx-1"), Value: []byte(`{"id":"tx-1","amount":"100.00"}`),
		Headers: []kgo.RecordHeader{{Key: "trace", Value: []byte("abc")}}})
	d.Write(t, 0, testenv.DeadLetter{Topic: "transactions-table", Partition: 1, Offset: 3, Reason: streams.ReasonBadTableValue,
		Key: []byte("tx-3"), Value: []byte("garbage")})
	brokers := strings.Join(d.Brokers, ",")
	if code, out, errOut := runTxstream("dlq", "replay", "--offset", "0", "--brokers", brokers, "--topic-dead-letter", d.Topic); code != exitOK {
		t.Fatalf("replay: exit %d\n%s%s", code, out, errOut)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, kcat, "-C", "-q", "-b", brokers, "-t", d.Topic, "-e",
		"-f", `%p:%o %k %s %h\n`).CombinedOutput()
	if err != nil {
		t.Fatalf("kcat: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 {
		t.Fatalf("kcat read %d records, want 2 dead letters and a marker:\n%s", len(lines), out)
	}
	for _, want := range []string{
		`0:0 tx-1 {"id":"tx-1","amount":"100.00"} trace=abc,txstream-dlq-topic=` + source + `,txstream-dlq-partition=3`,
		"txstream-dlq-reason=wrong_partition,txstream-dlq-error=cannot apply: wrong_partition,txstream-dlq-at=2026-12-07T01:02:03Z",
		"0:1 tx-3 garbage txstream-dlq-topic=transactions-table,",
		"0:2 tx-1  txstream-dlq-replay-of=0,txstream-dlq-replayed-to=" + source + "/",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("kcat output lacks %q:\n%s", want, out)
		}
	}
}
