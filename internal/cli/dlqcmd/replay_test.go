package dlqcmd

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

// ids parses dead-letter IDs as dlq list prints them.
func ids(t *testing.T, s ...string) []dlq.ID {
	t.Helper()
	var out []dlq.ID
	for _, f := range s {
		id, err := dlq.ParseID(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// TestReplay replays dead letters and checks the source topic after each
// step: exactly the chosen records, with their keys, values and headers,
// on their key's partition, once unless forced.
func TestReplay(t *testing.T) {
	e := newEnv(t, 1)
	ls := standardLetters(t, e)

	out, errOut, err := e.replay(ReplayConfig{All: true, DryRun: true})
	right := streams.PartitionOf([]byte("tx-1"), testSourcePartitions)
	if err != nil || !strings.Contains(out, fmt.Sprintf("would replay 0 (wrong_partition, key tx-1) to %s partition %d", e.source, right)) ||
		!strings.Contains(out, "skipped 2: refused") || !strings.Contains(out, "dry run: would replay 3; skipped 0 already replayed, 1 refused") {
		t.Fatalf("dry run: %v\n%s%s", err, out, errOut)
	}
	if n := e.count(t, e.source) + e.count(t, e.Topic); n != len(ls) {
		t.Fatalf("dry run wrote: %d records, want %d", n, len(ls))
	}

	out, errOut, err = e.replay(ReplayConfig{IDs: ids(t, "0", "1", "3")})
	if err != nil || !strings.Contains(out, "replayed 3; skipped 0 already replayed, 0 refused") {
		t.Fatalf("replay: %v\n%s%s", err, out, errOut)
	}
	checkReplayed(t, e, ls, map[string]int{"tx-1": 1, "tx-6": 1, "tx-13": 1})

	out, errOut, err = e.replay(ReplayConfig{All: true})
	if err != nil || !strings.Contains(out, "skipped 0: already replayed to "+e.source) ||
		!strings.Contains(out, "replayed 0; skipped 3 already replayed, 1 refused") {
		t.Fatalf("second replay: %v\n%s%s", err, out, errOut)
	}
	checkReplayed(t, e, ls, map[string]int{"tx-1": 1, "tx-6": 1, "tx-13": 1})

	out, _, _ = e.list(ListConfig{Filter: dlq.Filter{Reason: streams.ReasonWrongPartition}})
	if !strings.Contains(out, fmt.Sprintf("yes, to %s/%d/0", e.source, right)) || !strings.Contains(out, "1 replayed") {
		t.Errorf("list after replay:\n%s", out)
	}

	out, errOut, err = e.replay(ReplayConfig{IDs: ids(t, "0"), Force: true})
	if err != nil || !strings.Contains(out, "replayed 1;") {
		t.Fatalf("forced replay: %v\n%s%s", err, out, errOut)
	}
	checkReplayed(t, e, ls, map[string]int{"tx-1": 2, "tx-6": 1, "tx-13": 1})
}

// checkReplayed reads the source topic: want counts the records of each
// key, each equal to its dead letter and on its key's partition.
func checkReplayed(t *testing.T, e *env, ls []testenv.DeadLetter, want map[string]int) {
	t.Helper()
	byKey := map[string]testenv.DeadLetter{}
	offsetOf := map[string]string{}
	for i, l := range ls {
		byKey[string(l.Key)], offsetOf[string(l.Key)] = l, fmt.Sprint(i)
	}
	got := map[string]int{}
	for _, r := range testenv.ReadToEnd(t, e.Brokers, e.source) {
		k := string(r.Key)
		got[k]++
		l := byKey[k]
		if r.Partition != streams.PartitionOf(r.Key, testSourcePartitions) {
			t.Errorf("%s on partition %d, want its key's %d", k, r.Partition, streams.PartitionOf(r.Key, testSourcePartitions))
		}
		if !bytes.Equal(r.Value, l.Value) || (r.Value == nil) != (l.Value == nil) {
			t.Errorf("%s: value %q, want %q", k, r.Value, l.Value)
		}
		wantHeaders := append(append([]kgo.RecordHeader{}, l.Headers...), kgo.RecordHeader{Key: dlq.HeaderSourceReplayOf, Value: []byte(offsetOf[k])})
		if fmt.Sprint(r.Headers) != fmt.Sprint(wantHeaders) {
			t.Errorf("%s: headers %v, want %v", k, r.Headers, wantHeaders)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("source topic holds %v, want %v", got, want)
	}
}

func TestReplayRefusesBeforeWriting(t *testing.T) {
	e := newEnv(t, 1)
	standardLetters(t, e)
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{"table dead letter", []string{"0", "2"}, []string{"dead letter 2 of transactions-table", "input topic"}},
		{"no such offset", []string{"1", "99"}, []string{"no dead letter at offset 99"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := e.replay(ReplayConfig{IDs: ids(t, tt.ids...)})
			if err == nil {
				t.Fatalf("no error; stdout %q", out)
			}
			for _, w := range append(tt.want, "nothing replayed") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			if n := e.count(t, e.source); n != 0 {
				t.Errorf("%d records written to the source topic", n)
			}
		})
	}
}

// TestReplayManyOnPartitions replays dead letters spread over a
// dead-letter topic of two partitions, with progress lines.
func TestReplayManyOnPartitions(t *testing.T) {
	e := newEnv(t, 2)
	const n = 12
	for i := range n {
		e.Write(t, int32(i%2), testenv.DeadLetter{Topic: e.source, Reason: streams.ReasonMalformed,
			Key: fmt.Appendf(nil, "tx-%d", i), Value: fmt.Appendf(nil, "v%d", i)})
	}
	out, _, _ := e.list(ListConfig{})
	if !strings.Contains(out, "\n1:5 ") || !strings.Contains(out, "\n5 ") {
		t.Fatalf("list does not name partition 1's dead letters as 1:OFFSET:\n%s", out)
	}
	out, errOut, err := e.replay(ReplayConfig{IDs: ids(t, "1:5")})
	if err != nil || !strings.Contains(out, "replayed 1:5 (malformed, key tx-11)") {
		t.Fatalf("replay 1:5: %v\n%s%s", err, out, errOut)
	}
	out, errOut, err = e.replay(ReplayConfig{All: true})
	if err != nil || !strings.Contains(out, "replayed 11; skipped 1 already replayed") ||
		!strings.Contains(errOut, "replayed 11 of 11 dead letters") {
		t.Fatalf("replay all: %v\n%s%s", err, out, errOut)
	}
	if got := e.count(t, e.source); got != n {
		t.Errorf("source topic holds %d records, want %d", got, n)
	}
	if got := e.count(t, e.Topic); got != 2*n {
		t.Errorf("dead-letter topic holds %d records, want %d dead letters and as many markers", got, 2*n)
	}
}

// TestValidate: a choice that is missing or contradicts itself is refused
// before any broker is contacted.
func TestValidate(t *testing.T) {
	one := []dlq.ID{{Offset: 1}}
	malformed := dlq.Filter{Reason: streams.ReasonMalformed}
	tests := []struct {
		name string
		cfg  interface{ Validate() error }
		want string
	}{
		{"nothing chosen", ReplayConfig{}, "--offset LIST"},
		{"offset and all", ReplayConfig{IDs: one, All: true}, "exclude each other"},
		{"offset and reason", ReplayConfig{IDs: one, Filter: malformed}, "narrow --all"},
		{"unknown reason on replay", ReplayConfig{All: true, Filter: dlq.Filter{Reason: "bad"}}, `--reason "bad" is not a reason`},
		{"unknown reason on list", ListConfig{Filter: dlq.Filter{Reason: "bad"}}, `--reason "bad" is not a reason`},
		{"all narrowed", ReplayConfig{All: true, Filter: malformed}, ""},
		{"offsets", ReplayConfig{IDs: one}, ""},
		{"list filtered", ListConfig{Filter: malformed}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err == nil) != (tt.want == "") || err != nil && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}
