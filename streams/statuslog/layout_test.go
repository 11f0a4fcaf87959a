package statuslog

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

var logCodec = streams.JSON[domain.StatusLog]{}

func mustEncode(t *testing.T, log *domain.StatusLog) []byte {
	t.Helper()
	data, err := logCodec.Encode(log)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestLayoutIsWhatTheCodecWrites holds layout.go to streams.JSON: every log
// it writes is recognised, and appending an entry to the bytes gives what
// encoding the longer log gives, byte for byte.
func TestLayoutIsWhatTheCodecWrites(t *testing.T) {
	paris := time.FixedZone("Paris", 3600)
	tests := []struct {
		name    string
		id      string
		changes []domain.StatusChange
	}{
		{"three entries", "tx-1", history(1, t0, time.Second).Entries},
		{"failed with a reason", "tx-0", history(0, t0, time.Second).Entries},
		{"nanoseconds and an offset", "a_b.c-9", []domain.StatusChange{
			{Version: 1, Status: domain.StatusReceived, At: time.Date(2026, 1, 2, 3, 4, 5, 123456789, paris)},
			{Version: 2, Status: domain.StatusFailed, Reason: domain.ReasonInvalidAmount, At: time.Date(2026, 1, 2, 3, 4, 5, 120000000, time.UTC)},
		}},
		{"a gap, and a big version", "tx-2", []domain.StatusChange{
			{Version: 1, Status: domain.StatusReceived, At: t0},
			{Version: 10, Status: domain.StatusConverting, At: t0},
			{Version: 1 << 62, Status: domain.StatusCompleted, At: t0},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for n := 1; n <= len(tc.changes); n++ {
				log := &domain.StatusLog{Schema: domain.SchemaVersion, TransactionID: tc.id, Entries: tc.changes[:n]}
				data := mustEncode(t, log)
				entries, last, ok := scanLog(data)
				if !ok || last != tc.changes[n-1].Version {
					t.Fatalf("scanLog(%s) = last %d, %v; want %d, true", data, last, ok, tc.changes[n-1].Version)
				}
				if !bytes.Contains(data, entries) || entries[0] != '{' || entries[len(entries)-1] != '}' {
					t.Fatalf("entries %s of %s", entries, data)
				}
				if n == len(tc.changes) {
					break
				}
				next, err := (&storedLog{raw: data, entries: entries, last: last}).appended(tc.changes[n])
				if err != nil {
					t.Fatal(err)
				}
				longer := &domain.StatusLog{Schema: domain.SchemaVersion, TransactionID: tc.id, Entries: tc.changes[:n+1]}
				if want := mustEncode(t, longer); !bytes.Equal(next.raw, want) {
					t.Fatalf("appended\n%s\nwant\n%s", next.raw, want)
				}
				if e, l, _ := scanLog(next.raw); !bytes.Equal(e, next.entries) || l != next.last {
					t.Fatalf("appended entries %s (last %d), scanned %s (last %d)", next.entries, next.last, e, l)
				}
			}
		})
	}
}

// TestLayoutRefusesOthers: whatever is not laid out exactly as the codec
// writes it takes the decoding path.
func TestLayoutRefusesOthers(t *testing.T) {
	const entry = `{"version":1,"status":"received","at":"2026-03-01T12:00:00Z"}`
	for name, data := range map[string]string{
		"no entries":           `{"schema":1,"transaction_id":"tx-1","entries":[]}`,
		"null entries":         `{"schema":1,"transaction_id":"tx-1","entries":null}`,
		"newer schema":         `{"schema":2,"transaction_id":"tx-1","entries":[` + entry + `]}`,
		"no schema":            `{"schema":0,"transaction_id":"tx-1","entries":[` + entry + `]}`,
		"escaped id":           `{"schema":1,"transaction_id":"tx\u003c1","entries":[` + entry + `]}`,
		"field after entries":  `{"schema":1,"transaction_id":"tx-1","entries":[` + entry + `],"more":[` + entry + `]}`,
		"spaces":               `{"schema":1, "transaction_id":"tx-1","entries":[` + entry + `]}`,
		"field in an entry":    `{"schema":1,"transaction_id":"tx-1","entries":[{"version":1,"status":"received","at":"2026-03-01T12:00:00Z","x":1}]}`,
		"fields out of order":  `{"schema":1,"transaction_id":"tx-1","entries":[{"status":"received","version":1,"at":"2026-03-01T12:00:00Z"}]}`,
		"empty reason":         `{"schema":1,"transaction_id":"tx-1","entries":[{"version":1,"status":"failed","reason":"","at":"2026-03-01T12:00:00Z"}]}`,
		"escaped reason":       `{"schema":1,"transaction_id":"tx-1","entries":[{"version":1,"status":"failed","reason":"a\"b","at":"2026-03-01T12:00:00Z"}]}`,
		"negative version":     `{"schema":1,"transaction_id":"tx-1","entries":[{"version":-1,"status":"received","at":"2026-03-01T12:00:00Z"}]}`,
		"leading zero":         `{"schema":1,"transaction_id":"tx-1","entries":[{"version":01,"status":"received","at":"2026-03-01T12:00:00Z"}]}`,
		"fraction":             `{"schema":1,"transaction_id":"tx-1","entries":[{"version":1.5,"status":"received","at":"2026-03-01T12:00:00Z"}]}`,
		"version overflow":     `{"schema":1,"transaction_id":"tx-1","entries":[{"version":9223372036854775808,"status":"received","at":"2026-03-01T12:00:00Z"}]}`,
		"trailing comma":       `{"schema":1,"transaction_id":"tx-1","entries":[` + entry + `,]}`,
		"truncated":            `{"schema":1,"transaction_id":"tx-1","entries":[` + entry,
		"invalid UTF-8":        "{\"schema\":1,\"transaction_id\":\"tx\xff1\",\"entries\":[" + entry + "]}",
		"control character":    "{\"schema\":1,\"transaction_id\":\"tx\t1\",\"entries\":[" + entry + "]}",
		"unterminated string":  `{"schema":1,"transaction_id":"tx-1`,
		"two logs":             `{"schema":1,"transaction_id":"tx-1","entries":[` + entry + `]}{"schema":1,"transaction_id":"tx-1","entries":[` + entry + `]}`,
		"time not a string":    `{"schema":1,"transaction_id":"tx-1","entries":[{"version":1,"status":"received","at":0}]}`,
		"entries not an array": `{"schema":1,"transaction_id":"tx-1","entries":{"version":1}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, ok := scanLog([]byte(data)); ok {
				t.Errorf("scanLog accepted %s", data)
			}
		})
	}
}

// TestStoredLogAppliesAsDecoded runs random event sequences (repeats,
// conflicts, gaps, fills) through the processor's path (the table codec,
// storedLog.apply) and through apply on logs decoded with streams.JSON, the
// behaviour the processor had before it kept the stored bytes: outcomes and
// stored bytes must agree at every step. The index's changes are checked
// against the diff of the decoded logs on the same values.
func TestStoredLogAppliesAsDecoded(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	statuses := []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted, domain.StatusFailed}
	reasons := []domain.Reason{"", "", domain.ReasonNoRate, domain.ReasonOverflow, "dépassé"}
	x := &Index{}
	for seq := range 300 {
		id := fmt.Sprintf("tx-%d", seq)
		if seq%10 == 0 {
			id = fmt.Sprintf("tx<%d>", seq) // escaped by the encoder: the decoding path
		}
		var fast *storedLog
		var slow *domain.StatusLog
		var stored []byte
		for step := range 12 {
			ev := domain.StatusEvent{Schema: domain.SchemaVersion, TransactionID: id, StatusChange: domain.StatusChange{
				Version: int64(1 + rng.IntN(6)), Status: statuses[rng.IntN(len(statuses))], Reason: reasons[rng.IntN(len(reasons))],
				At: t0.Add(time.Duration(rng.IntN(1e6)) * time.Microsecond),
			}}
			nextFast, gotOutcome, err := fast.apply(ev)
			if err != nil {
				t.Fatal(err)
			}
			nextSlow, wantOutcome := apply(slow, ev)
			if gotOutcome != wantOutcome || (nextFast == nil) != (nextSlow == nil) {
				t.Fatalf("%s step %d, version %d: outcome %d (write %v), want %d (write %v)",
					id, step, ev.Version, gotOutcome, nextFast != nil, wantOutcome, nextSlow != nil)
			}
			if nextSlow == nil {
				continue
			}
			got, err := tableCodec{}.Encode(nextFast)
			if err != nil {
				t.Fatal(err)
			}
			want := mustEncode(t, nextSlow)
			if !bytes.Equal(got, want) {
				t.Fatalf("%s step %d: stored\n%s\nwant\n%s", id, step, got, want)
			}
			checkChanges(t, x, id, stored, got)
			stored = got
			// The next event starts from the table, as in goka.
			v, err := tableCodec{}.Decode(stored)
			if err != nil {
				t.Fatal(err)
			}
			fast = v.(*storedLog)
			slow = x.decode(stored)
		}
	}
}

// checkChanges compares what the index does when key's log goes from old to
// value with the diff of the decoded logs.
func checkChanges(t *testing.T, x *Index, key string, old, value []byte) {
	t.Helper()
	del, put := x.changes(key, old, value)
	wantDel, wantPut := diffEntries(entriesOf(key, x.decode(old)), entriesOf(key, x.decode(value)))
	if !reflect.DeepEqual(del, wantDel) || !reflect.DeepEqual(put, wantPut) {
		t.Fatalf("%s: changes from\n%s\nto\n%s\n= del %v put %v\nwant del %v put %v", key, old, value, del, put, wantDel, wantPut)
	}
}

// TestIndexChangesOfOtherValues: the index follows values that are not
// appends (a rewrite, a deletion, the same value again, a value it cannot
// read) as it did by diffing the decoded logs.
func TestIndexChangesOfOtherValues(t *testing.T) {
	x := &Index{}
	three := mustEncode(t, history(1, t0, time.Second))
	rewritten := history(1, t0, time.Second)
	rewritten.Entries[2].Status = domain.StatusFailed
	two := history(1, t0, time.Second)
	two.Entries = two.Entries[:2]
	newer := bytes.Replace(three, []byte(`"schema":1`), []byte(`"schema":2`), 1)
	twoData := mustEncode(t, two)
	appendRaw := func(entry string) []byte {
		return append(append(bytes.Clone(twoData[:len(twoData)-2]), ","+entry...), "]}"...)
	}
	for name, step := range map[string][2][]byte{
		"appended, reason not ASCII": {twoData, appendRaw(`{"version":3,"status":"failed","reason":"é","at":"2026-03-01T12:00:03Z"}`)},
		"appended, reason not UTF-8": {twoData, appendRaw("{\"version\":3,\"status\":\"failed\",\"reason\":\"\xff\",\"at\":\"2026-03-01T12:00:03Z\"}")},
		"appended, time not a time":  {twoData, appendRaw(`{"version":3,"status":"completed","at":"yesterday"}`)},
		"appended, unknown status":   {twoData, appendRaw(`{"version":3,"status":"lost","at":"2026-03-01T12:00:03Z"}`)},
		"first value":                {nil, three},
		"appended":                   {mustEncode(t, two), three},
		"rewritten last entry":       {three, mustEncode(t, rewritten)},
		"shortened":                  {three, mustEncode(t, two)},
		"deleted":                    {three, nil},
		"same again":                 {three, bytes.Clone(three)},
		"newer schema":               {three, newer},
		"from a newer schema":        {newer, three},
		"from garbage":               {[]byte("{"), three},
	} {
		t.Run(name, func(t *testing.T) { checkChanges(t, x, "tx-00000001", step[0], step[1]) })
	}
}

// TestIndexReadsOnlyTheAppendedEntries: an append is recognised as one, so
// that the index reads the new entry alone.
func TestIndexReadsOnlyTheAppendedEntries(t *testing.T) {
	full := history(1, t0, time.Second)
	two := &domain.StatusLog{Schema: full.Schema, TransactionID: full.TransactionID, Entries: full.Entries[:2]}
	tail, ok := appendedTo(mustEncode(t, two), mustEncode(t, full))
	if !ok {
		t.Fatal("an appended entry is not recognised")
	}
	got, ok := entriesIn(full.TransactionID, tail)
	if want := entriesOf(full.TransactionID, full)[2:]; !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("appended entries %+v, %v; want %+v", got, ok, want)
	}
}
