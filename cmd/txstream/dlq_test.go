package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

// standardLetters writes the dead letters the tests list and replay, at
// offsets 0 to 3 of the dead-letter topic, and returns them.
func standardLetters(t *testing.T, e *dlqEnv) []deadLetter {
	t.Helper()
	right := streams.PartitionOf([]byte("tx-1"), testSourcePartitions)
	ls := []deadLetter{
		{topic: e.source, partition: (right + 1) % testSourcePartitions, offset: 7, reason: streams.ReasonWrongPartition,
			key: []byte("tx-1"), value: []byte(`{"id":"tx-1","amount":"100.00"}`),
			headers: []kgo.RecordHeader{{Key: "trace", Value: []byte("abc")}}},
		{topic: e.source, partition: 2, offset: 8, reason: streams.ReasonMalformed,
			key: []byte("tx-6"), value: []byte("{not json\x00\xff")},
		{topic: "transactions-table", partition: 1, offset: 3, reason: streams.ReasonBadTableValue,
			key: []byte("tx-3"), value: []byte("garbage")},
		{topic: e.source, partition: 0, offset: 9, reason: streams.ReasonTombstone, key: []byte("tx-13")},
	}
	for _, l := range ls {
		e.write(t, 0, l)
	}
	return ls
}

func TestDLQListText(t *testing.T) {
	e := newDLQEnv(t, 1)
	ls := standardLetters(t, e)
	code, out, errOut := e.run(t, "dlq", "list")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "OFFSET") {
		t.Fatalf("want a header, 4 dead letters and a summary:\n%s", out)
	}
	for i, want := range [][]string{
		{"0 ", "2026-12-07T01:02:03Z", "transactions", fmt.Sprintf("%s/%d/7", e.source, ls[0].partition), "wrong_partition", "tx-1", `{"id":"tx-1","amount":"100.00"}`, " no "},
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
	wantSummary := "4 dead letters in " + e.deadLetter + ", 0 replayed; by reason: bad_table_value 1, malformed 1, tombstone 1, wrong_partition 1"
	if lines[5] != wantSummary {
		t.Errorf("summary %q, want %q", lines[5], wantSummary)
	}

	_, out, _ = e.run(t, "dlq", "list", "--reason", "malformed")
	if n := strings.Count(out, "\n"); n != 3 || !strings.Contains(out, "1 dead letters in "+e.deadLetter+" matching --reason malformed") {
		t.Errorf("--reason malformed:\n%s", out)
	}
	_, out, _ = e.run(t, "dlq", "list", "--source-topic", "nowhere")
	if want := "no dead letters in " + e.deadLetter + " matching --source-topic nowhere (4 in all)\n"; out != want {
		t.Errorf("no match: %q, want %q", out, want)
	}
}

func TestDLQListJSON(t *testing.T) {
	e := newDLQEnv(t, 1)
	ls := standardLetters(t, e)
	code, out, errOut := e.run(t, "dlq", "list", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
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
	if first.ID != "0" || first.Source == nil || first.Source.Topic != e.source || first.Source.Partition != ls[0].partition ||
		first.Source.Offset != 7 || first.Group != "transactions" || first.At == nil || first.Replayed {
		t.Errorf("first: %+v", first)
	}
	if *first.Value != string(ls[0].value) || first.ValueEncoding != "" || len(first.Headers) != 1 || first.Headers[0] != (headerJSON{Key: "trace", Value: "abc"}) {
		t.Errorf("first value or headers: %+v", first)
	}
	binary := got[1]
	raw, err := base64.StdEncoding.DecodeString(deref(binary.Value))
	if binary.ValueEncoding != "base64" || err != nil || !bytes.Equal(raw, ls[1].value) {
		t.Errorf("invalid UTF-8 value: %+v", binary)
	}
	if got[3].Value != nil || !strings.Contains(out, `"value":null`) {
		t.Errorf("tombstone value is not null: %+v", got[3])
	}
}

func TestDLQListEmptyAndMissing(t *testing.T) {
	e := newDLQEnv(t, 1)
	code, out, errOut := e.run(t, "dlq", "list")
	if code != exitOK || out != "no dead letters in "+e.deadLetter+"\n" {
		t.Errorf("empty topic: exit %d, %q %q", code, out, errOut)
	}
	code, _, errOut = runTxstream("dlq", "list", "--brokers", strings.Join(e.brokers, ","), "--topic-dead-letter", "absent")
	if code != exitFailure || !strings.Contains(errOut, "absent: topic does not exist") {
		t.Errorf("missing topic: exit %d, %q", code, errOut)
	}
}

// TestDLQReplay replays dead letters and checks the source topic after
// each step: exactly the chosen records, with their keys, values and
// headers, on their key's partition, once unless forced.
func TestDLQReplay(t *testing.T) {
	e := newDLQEnv(t, 1)
	ls := standardLetters(t, e)

	code, out, errOut := e.run(t, "dlq", "replay", "--all", "--dry-run")
	right := streams.PartitionOf([]byte("tx-1"), testSourcePartitions)
	if code != exitOK || !strings.Contains(out, fmt.Sprintf("would replay 0 (wrong_partition, key tx-1) to %s partition %d", e.source, right)) ||
		!strings.Contains(out, "skipped 2: refused") || !strings.Contains(out, "dry run: would replay 3; skipped 0 already replayed, 1 refused") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errOut)
	}
	if n := e.count(t, e.source) + e.count(t, e.deadLetter); n != len(ls) {
		t.Fatalf("dry run wrote: %d records, want %d", n, len(ls))
	}

	code, out, errOut = e.run(t, "dlq", "replay", "--offset", "0,1,3")
	if code != exitOK || !strings.Contains(out, "replayed 3; skipped 0 already replayed, 0 refused") {
		t.Fatalf("replay: exit %d\n%s%s", code, out, errOut)
	}
	checkReplayed(t, e, ls, map[string]int{"tx-1": 1, "tx-6": 1, "tx-13": 1})

	code, out, errOut = e.run(t, "dlq", "replay", "--all")
	if code != exitOK || !strings.Contains(out, "skipped 0: already replayed to "+e.source) ||
		!strings.Contains(out, "replayed 0; skipped 3 already replayed, 1 refused") {
		t.Fatalf("second replay: exit %d\n%s%s", code, out, errOut)
	}
	checkReplayed(t, e, ls, map[string]int{"tx-1": 1, "tx-6": 1, "tx-13": 1})

	_, out, _ = e.run(t, "dlq", "list", "--reason", "wrong_partition")
	if !strings.Contains(out, fmt.Sprintf("yes, to %s/%d/0", e.source, right)) || !strings.Contains(out, "1 replayed") {
		t.Errorf("list after replay:\n%s", out)
	}

	code, out, errOut = e.run(t, "dlq", "replay", "--offset", "0", "--force")
	if code != exitOK || !strings.Contains(out, "replayed 1;") {
		t.Fatalf("forced replay: exit %d\n%s%s", code, out, errOut)
	}
	checkReplayed(t, e, ls, map[string]int{"tx-1": 2, "tx-6": 1, "tx-13": 1})
}

// checkReplayed reads the source topic: want counts the records of each
// key, each equal to its dead letter and on its key's partition.
func checkReplayed(t *testing.T, e *dlqEnv, ls []deadLetter, want map[string]int) {
	t.Helper()
	byKey := map[string]deadLetter{}
	offsetOf := map[string]string{}
	for i, l := range ls {
		byKey[string(l.key)], offsetOf[string(l.key)] = l, fmt.Sprint(i)
	}
	got := map[string]int{}
	for _, r := range e.records(t, e.source) {
		k := string(r.Key)
		got[k]++
		l := byKey[k]
		if r.Partition != streams.PartitionOf(r.Key, testSourcePartitions) {
			t.Errorf("%s on partition %d, want its key's %d", k, r.Partition, streams.PartitionOf(r.Key, testSourcePartitions))
		}
		if !bytes.Equal(r.Value, l.value) || (r.Value == nil) != (l.value == nil) {
			t.Errorf("%s: value %q, want %q", k, r.Value, l.value)
		}
		wantHeaders := append(append([]kgo.RecordHeader{}, l.headers...), kgo.RecordHeader{Key: dlq.HeaderSourceReplayOf, Value: []byte(offsetOf[k])})
		if fmt.Sprint(r.Headers) != fmt.Sprint(wantHeaders) {
			t.Errorf("%s: headers %v, want %v", k, r.Headers, wantHeaders)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("source topic holds %v, want %v", got, want)
	}
}

func TestDLQReplayRefusesBeforeWriting(t *testing.T) {
	e := newDLQEnv(t, 1)
	standardLetters(t, e)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"table dead letter", []string{"--offset", "0,2"}, []string{"dead letter 2 of transactions-table", "input topic"}},
		{"no such offset", []string{"--offset", "1,99"}, []string{"no dead letter at offset 99"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := e.run(t, append([]string{"dlq", "replay"}, tt.args...)...)
			line := strings.TrimSuffix(errOut, "\n")
			if code != exitFailure || strings.Contains(line, "\n") {
				t.Fatalf("exit %d, stderr %q, stdout %q: want exit 1 and one line", code, errOut, out)
			}
			for _, w := range append(tt.want, "nothing replayed") {
				if !strings.Contains(line, w) {
					t.Errorf("%q lacks %q", line, w)
				}
			}
			if n := e.count(t, e.source); n != 0 {
				t.Errorf("%d records written to the source topic", n)
			}
		})
	}
}

func TestDLQBadUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"dlq"}, "two subcommands"},
		{"unknown subcommand", []string{"dlq", "purge"}, `got "purge"`},
		{"nothing chosen", []string{"dlq", "replay"}, "--offset LIST"},
		{"offset and all", []string{"dlq", "replay", "--offset", "1", "--all"}, "exclude each other"},
		{"offset and reason", []string{"dlq", "replay", "--offset", "1", "--reason", "malformed"}, "narrow --all"},
		{"bad offset", []string{"dlq", "replay", "--offset", "x"}, `invalid --offset: "x": not OFFSET or PARTITION:OFFSET`},
		{"unknown reason", []string{"dlq", "list", "--reason", "bad"}, `--reason "bad" is not a reason`},
		{"argument", []string{"dlq", "list", "extra"}, `unexpected argument "extra"`},
		{"replay flag on list", []string{"dlq", "list", "--all"}, "--all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Usage is checked before any broker is contacted.
			code, _, errOut := runTxstream(append(tt.args, "--brokers", "127.0.0.1:1")...)
			line := strings.TrimSuffix(errOut, "\n")
			if code != exitUsage || !strings.Contains(line, tt.want) || strings.Contains(line, "\n") {
				t.Fatalf("exit %d, stderr %q: want exit 2 and one line with %q", code, errOut, tt.want)
			}
		})
	}
}

// TestDLQReplayManyOnPartitions replays dead letters spread over a
// dead-letter topic of two partitions, with progress lines.
func TestDLQReplayManyOnPartitions(t *testing.T) {
	e := newDLQEnv(t, 2)
	const n = 12
	for i := range n {
		e.write(t, int32(i%2), deadLetter{topic: e.source, reason: streams.ReasonMalformed,
			key: fmt.Appendf(nil, "tx-%d", i), value: fmt.Appendf(nil, "v%d", i)})
	}
	_, out, _ := e.run(t, "dlq", "list")
	if !strings.Contains(out, "\n1:5 ") || !strings.Contains(out, "\n5 ") {
		t.Fatalf("list does not name partition 1's dead letters as 1:OFFSET:\n%s", out)
	}
	code, out, errOut := e.run(t, "dlq", "replay", "--offset", "1:5")
	if code != exitOK || !strings.Contains(out, "replayed 1:5 (malformed, key tx-11)") {
		t.Fatalf("replay 1:5: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = e.run(t, "dlq", "replay", "--all")
	if code != exitOK || !strings.Contains(out, "replayed 11; skipped 1 already replayed") ||
		!strings.Contains(errOut, "replayed 11 of 11 dead letters") {
		t.Fatalf("replay all: exit %d\n%s%s", code, out, errOut)
	}
	if got := e.count(t, e.source); got != n {
		t.Errorf("source topic holds %d records, want %d", got, n)
	}
	if got := e.count(t, e.deadLetter); got != 2*n {
		t.Errorf("dead-letter topic holds %d records, want %d dead letters and as many markers", got, 2*n)
	}
}

// TestDLQForeignRecord: a record in the dead-letter topic that names no
// source is listed, not hidden, and never replayed.
func TestDLQForeignRecord(t *testing.T) {
	e := newDLQEnv(t, 1)
	r := &kgo.Record{Topic: e.deadLetter, Key: []byte("who"), Value: []byte("knows")}
	if err := e.cl.ProduceSync(t.Context(), r).FirstErr(); err != nil {
		t.Fatal(err)
	}
	_, out, _ := e.run(t, "dlq", "list")
	if !strings.Contains(out, "unreadable dead letter: no header txstream-dlq-topic") {
		t.Errorf("list:\n%s", out)
	}
	code, out, errOut := e.run(t, "dlq", "replay", "--all")
	if code != exitOK || !strings.Contains(out, "skipped 0: refused") || !strings.Contains(out, "replayed 0; skipped 0 already replayed, 1 refused") {
		t.Errorf("replay --all: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = e.run(t, "dlq", "replay", "--offset", "0")
	if code != exitFailure || !strings.Contains(errOut, "headers do not name the source") {
		t.Errorf("replay --offset 0: exit %d, %q", code, errOut)
	}
}

func TestDLQHelp(t *testing.T) {
	code, out, errOut := runTxstream("help", "dlq")
	if code != exitOK || !strings.Contains(out, "Usage: txstream dlq list") || !strings.Contains(out, "Usage: txstream dlq replay") {
		t.Errorf("help dlq: exit %d\n%s%s", code, out, errOut)
	}
	if top := helpOf(t); !strings.Contains(top, "txstream dlq list") || !strings.Contains(top, "txstream dlq replay") {
		t.Errorf("the top help does not list the dlq commands:\n%s", top)
	}
}

// TestDLQOptionsAreNotSettings keeps one flag from meaning two things.
func TestDLQOptionsAreNotSettings(t *testing.T) {
	for _, cn := range commandNames {
		for _, o := range optionsFor(&runOptions{}, cn.cmd) {
			for _, s := range settingsFor(&config{}, cn.cmd) {
				if o.name == s.name {
					t.Errorf("%s: --%s is an option and a setting", cn.name, o.name)
				}
			}
		}
	}
}
