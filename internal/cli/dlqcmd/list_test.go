package dlqcmd

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

// standardLetters writes the dead letters the tests list and replay, at
// offsets 0 to 3 of the dead-letter topic, and returns them.
func standardLetters(t *testing.T, e *env) []testenv.DeadLetter {
	t.Helper()
	right := streams.PartitionOf([]byte("tx-1"), testSourcePartitions)
	ls := []testenv.DeadLetter{
		{Topic: e.source, Partition: (right + 1) % testSourcePartitions, Offset: 7, Reason: streams.ReasonWrongPartition,
			Key: []byte("tx-1"), Value: []byte(`{"id":"tx-1","amount":"100.00"}`),
			Headers: []kgo.RecordHeader{{Key: "trace", Value: []byte("abc")}}},
		{Topic: e.source, Partition: 2, Offset: 8, Reason: streams.ReasonMalformed,
			Key: []byte("tx-6"), Value: []byte("{not json\x00\xff")},
		{Topic: "transactions-table", Partition: 1, Offset: 3, Reason: streams.ReasonBadTableValue,
			Key: []byte("tx-3"), Value: []byte("garbage")},
		{Topic: e.source, Partition: 0, Offset: 9, Reason: streams.ReasonTombstone, Key: []byte("tx-13")},
	}
	for _, l := range ls {
		e.Write(t, 0, l)
	}
	return ls
}

func TestListText(t *testing.T) {
	e := newEnv(t, 1)
	ls := standardLetters(t, e)
	out, _, err := e.list(ListConfig{})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "OFFSET") {
		t.Fatalf("want a header, 4 dead letters and a summary:\n%s", out)
	}
	for i, want := range [][]string{
		{"0 ", "2026-12-07T01:02:03Z", "transactions", fmt.Sprintf("%s/%d/7", e.source, ls[0].Partition), "wrong_partition", "tx-1", `{"id":"tx-1","amount":"100.00"}`, " no "},
		{"1 ", "malformed", "tx-6", `{not json\x00\xff`},
		{"2 ", "transactions-table/1/3", "bad_table_value", "garbage"},
		{"3 ", "tombstone", "tx-13", "(tombstone)"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i+1], w) {
				t.Errorf("line %q lacks %q", lines[i+1], w)
			}
		}
	}
	wantSummary := "4 dead letters in " + e.Topic + ", 0 replayed; by reason: bad_table_value 1, malformed 1, tombstone 1, wrong_partition 1"
	if lines[5] != wantSummary {
		t.Errorf("summary %q, want %q", lines[5], wantSummary)
	}

	out, _, _ = e.list(ListConfig{Filter: dlq.Filter{Reason: streams.ReasonMalformed}})
	if n := strings.Count(out, "\n"); n != 3 || !strings.Contains(out, "1 dead letters in "+e.Topic+" matching --reason malformed") {
		t.Errorf("--reason malformed:\n%s", out)
	}
	out, _, _ = e.list(ListConfig{Filter: dlq.Filter{SourceTopic: "nowhere"}})
	if want := "no dead letters in " + e.Topic + " matching --source-topic nowhere (4 in all)\n"; out != want {
		t.Errorf("no match: %q, want %q", out, want)
	}
}

func TestListJSON(t *testing.T) {
	e := newEnv(t, 1)
	ls := standardLetters(t, e)
	out, errOut, err := e.list(ListConfig{JSON: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, "4 dead letters in") {
		t.Errorf("summary not on stderr: %q", errOut)
	}
	var got []letterJSON
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var j letterJSON
		if err := dec.Decode(&j); err != nil {
			t.Fatalf("stdout is not JSON lines: %v\n%s", err, out)
		}
		got = append(got, j)
	}
	if len(got) != len(ls) {
		t.Fatalf("%d objects, want %d", len(got), len(ls))
	}
	first := got[0]
	if first.ID != "0" || first.Source == nil || first.Source.Topic != e.source || first.Source.Partition != ls[0].Partition ||
		first.Source.Offset != 7 || first.Group != "transactions" || first.At == nil || first.Replayed {
		t.Errorf("first: %+v", first)
	}
	if *first.Value != string(ls[0].Value) || first.ValueEncoding != "" || len(first.Headers) != 1 || first.Headers[0] != (headerJSON{Key: "trace", Value: "abc"}) {
		t.Errorf("first value or headers: %+v", first)
	}
	binary := got[1]
	raw, err := base64.StdEncoding.DecodeString(deref(binary.Value))
	if binary.ValueEncoding != "base64" || err != nil || !bytes.Equal(raw, ls[1].Value) {
		t.Errorf("invalid UTF-8 value: %+v", binary)
	}
	if got[3].Value != nil || !strings.Contains(out, `"value":null`) {
		t.Errorf("tombstone value is not null: %+v", got[3])
	}
}

func TestListEmptyAndMissing(t *testing.T) {
	e := newEnv(t, 1)
	out, errOut, err := e.list(ListConfig{})
	if err != nil || out != "no dead letters in "+e.Topic+"\n" {
		t.Errorf("empty topic: %v, %q %q", err, out, errOut)
	}
	k := e.kafka()
	k.Topic = "absent"
	err = List(t.Context(), ListConfig{Kafka: k})
	if err == nil || !strings.Contains(err.Error(), "absent: topic does not exist") {
		t.Errorf("missing topic: %v", err)
	}
}

// TestForeignRecord: a record in the dead-letter topic that names no
// source is listed, not hidden, and never replayed.
func TestForeignRecord(t *testing.T) {
	e := newEnv(t, 1)
	testenv.ProduceAt(t, e.Brokers, e.Topic, 0, "who", []byte("knows"))
	out, _, _ := e.list(ListConfig{})
	if !strings.Contains(out, "unreadable dead letter: no header txstream-dlq-topic") {
		t.Errorf("list:\n%s", out)
	}
	out, errOut, err := e.replay(ReplayConfig{All: true})
	if err != nil || !strings.Contains(out, "skipped 0: refused") || !strings.Contains(out, "replayed 0; skipped 0 already replayed, 1 refused") {
		t.Errorf("replay --all: %v\n%s%s", err, out, errOut)
	}
	_, _, err = e.replay(ReplayConfig{IDs: []dlq.ID{{Offset: 0}}})
	if err == nil || !strings.Contains(err.Error(), "headers do not name the source") {
		t.Errorf("replay --offset 0: %v", err)
	}
}
