package dlq

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

func TestParseID(t *testing.T) {
	tests := []struct {
		in   string
		want ID
		ok   bool
	}{
		{"3", ID{0, 3}, true},
		{" 12 ", ID{0, 12}, true},
		{"1:5", ID{1, 5}, true},
		{"0:7", ID{0, 7}, true},
		{"x", ID{}, false},
		{"-1", ID{}, false},
		{"1:", ID{}, false},
		{":3", ID{}, false},
		{"1:2:3", ID{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseID(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("ParseID(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrBadID) {
				t.Errorf("error %v is not ErrBadID", err)
			}
			if again, _ := ParseID(got.String()); tt.ok && again != got {
				t.Errorf("%v does not round-trip: %q reads as %v", got, got.String(), again)
			}
		})
	}
}

// letterRecord is a dead letter at partition p, offset o, with the
// dead-letter headers in dlq after the original headers.
func letterRecord(p int32, o int64, dlq map[string]string, original ...kgo.RecordHeader) *kgo.Record {
	r := &kgo.Record{Partition: p, Offset: o, Key: []byte("k"), Value: []byte("v"), Headers: original}
	for _, k := range []string{streams.HeaderDLQTopic, streams.HeaderDLQPartition, streams.HeaderDLQOffset,
		streams.HeaderDLQGroup, streams.HeaderDLQReason, streams.HeaderDLQError, streams.HeaderDLQAt, "txstream-dlq-future"} {
		if v, ok := dlq[k]; ok {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: k, Value: []byte(v)})
		}
	}
	return r
}

func fullHeaders() map[string]string {
	return map[string]string{
		streams.HeaderDLQTopic: "transaction-topic", streams.HeaderDLQPartition: "3", streams.HeaderDLQOffset: "42",
		streams.HeaderDLQGroup: "transactions", streams.HeaderDLQReason: streams.ReasonMalformed,
		streams.HeaderDLQError: "unexpected end of JSON input", streams.HeaderDLQAt: "2026-12-07T01:02:03Z",
		"txstream-dlq-future": "ignored",
	}
}

func TestParseLetter(t *testing.T) {
	l := parseLetter(letterRecord(1, 9, fullHeaders(), kgo.RecordHeader{Key: "trace", Value: []byte("abc")}))
	want := Letter{
		ID: ID{1, 9}, Key: []byte("k"), Value: []byte("v"),
		Headers: []kgo.RecordHeader{{Key: "trace", Value: []byte("abc")}},
		Source:  Place{"transaction-topic", 3, 42}, Group: "transactions", Reason: streams.ReasonMalformed,
		Error: "unexpected end of JSON input", At: time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC),
	}
	if fmt.Sprint(l) != fmt.Sprint(want) {
		t.Errorf("parsed\n%+v\nwant\n%+v", l, want)
	}
	if err := Replayable(l, "dead-letter-topic"); err != nil {
		t.Errorf("not replayable: %v", err)
	}
}

func TestParseLetterProblems(t *testing.T) {
	tests := []struct {
		name   string
		change func(map[string]string)
		want   string
	}{
		{"no topic", func(h map[string]string) { delete(h, streams.HeaderDLQTopic) }, "no header txstream-dlq-topic"},
		{"no offset", func(h map[string]string) { delete(h, streams.HeaderDLQOffset) }, "no header txstream-dlq-offset"},
		{"bad partition", func(h map[string]string) { h[streams.HeaderDLQPartition] = "three" }, `header txstream-dlq-partition: "three"`},
		{"bad time", func(h map[string]string) { h[streams.HeaderDLQAt] = "yesterday" }, `header txstream-dlq-at: "yesterday"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := fullHeaders()
			tt.change(h)
			l := parseLetter(letterRecord(0, 0, h))
			if !strings.Contains(l.Problem, tt.want) {
				t.Errorf("problem %q lacks %q", l.Problem, tt.want)
			}
			if err := Replayable(l, "dead-letter-topic"); !errors.Is(err, ErrUnreadable) {
				t.Errorf("Replayable = %v, want ErrUnreadable", err)
			}
		})
	}
}

func TestReplayableRefusesTables(t *testing.T) {
	byReason := parseLetter(letterRecord(0, 0, fullHeaders()))
	byReason.Reason = streams.ReasonBadTableValue
	byTopic := parseLetter(letterRecord(0, 1, fullHeaders()))
	byTopic.Source.Topic = "rates-table"
	for _, l := range []Letter{byReason, byTopic} {
		if err := Replayable(l, "dead-letter-topic"); !errors.Is(err, ErrTable) || !strings.Contains(err.Error(), "input topic") {
			t.Errorf("%s: Replayable = %v, want ErrTable naming the input topic", l.ID, err)
		}
	}
	loop := parseLetter(letterRecord(0, 2, fullHeaders()))
	if err := Replayable(loop, "transaction-topic"); !errors.Is(err, ErrUnreadable) {
		t.Errorf("a dead letter naming the dead-letter topic: %v", err)
	}
}

func markerAt(p int32, o int64, of int64, to string) *kgo.Record {
	return &kgo.Record{Partition: p, Offset: o, Key: []byte("k"), Headers: []kgo.RecordHeader{
		{Key: HeaderReplayOf, Value: fmt.Appendf(nil, "%d", of)}, {Key: HeaderReplayedTo, Value: []byte(to)},
	}}
}

// TestAssembleMarksReplays: markers are not dead letters, mark the dead
// letter at their offset in their own partition, and the latest wins.
func TestAssembleMarksReplays(t *testing.T) {
	records := []*kgo.Record{
		markerAt(0, 3, 0, "t/1/20"),
		letterRecord(0, 0, fullHeaders()),
		letterRecord(1, 0, fullHeaders()),
		letterRecord(0, 1, fullHeaders()),
		markerAt(0, 2, 0, "t/1/10"),
	}
	log, err := assemble("dl", records)
	if err != nil {
		t.Fatal(err)
	}
	if len(log.Letters) != 3 || log.Markers != 2 {
		t.Fatalf("%d letters, %d markers; want 3 and 2", len(log.Letters), log.Markers)
	}
	if l, _ := log.Find(ID{0, 0}); l.Replayed == nil || l.Replayed.To != (Place{"t", 1, 20}) {
		t.Errorf("0:0 replayed %+v, want the latest marker's t/1/20", l.Replayed)
	}
	for _, id := range []ID{{0, 1}, {1, 0}} {
		if l, ok := log.Find(id); !ok || l.Replayed != nil {
			t.Errorf("%s: found %v, replayed %+v; want found and not replayed", id, ok, l.Replayed)
		}
	}
	if _, ok := log.Find(ID{0, 2}); ok {
		t.Error("a marker is found as a dead letter")
	}
	if _, err := assemble("dl", []*kgo.Record{markerAt(0, 0, 0, "nowhere")}); err == nil {
		t.Error("an unreadable marker was accepted")
	}
}

func TestRepublishedReplacesEarlierReplayHeader(t *testing.T) {
	l := parseLetter(letterRecord(2, 5, fullHeaders(),
		kgo.RecordHeader{Key: "trace", Value: []byte("abc")},
		kgo.RecordHeader{Key: HeaderSourceReplayOf, Value: []byte("1")}))
	r := republished(l)
	want := "[{trace [97 98 99]} {txstream-replay-of [50 58 53]}]"
	if r.Topic != "transaction-topic" || fmt.Sprint(r.Headers) != want {
		t.Errorf("republished to %s with headers %v, want %s", r.Topic, r.Headers, want)
	}
}

// TestIDsFlag: a repeated --offset adds to the list, and the list prints
// as it was given.
func TestIDsFlag(t *testing.T) {
	var ids IDs
	for _, arg := range []string{"3, 1:7", "", "12"} {
		if err := ids.Set(arg); err != nil {
			t.Fatalf("Set(%q): %v", arg, err)
		}
	}
	want := IDs{{Offset: 3}, {Partition: 1, Offset: 7}, {Offset: 12}}
	if !slices.Equal(ids, want) || ids.String() != "3,1:7,12" {
		t.Errorf("ids %v (%q), want %v", ids, ids.String(), want)
	}
	if err := ids.Set("x"); !errors.Is(err, ErrBadID) {
		t.Errorf("Set(x) = %v, want ErrBadID", err)
	}
}

// TestReplayableRefusesWebhookMessages: a webhook message that failed
// every attempt names the webhooks group's loopback topic as its source,
// which takes attempt outcomes, not message bodies.
func TestReplayableRefusesWebhookMessages(t *testing.T) {
	l := parseLetter(letterRecord(0, 0, fullHeaders()))
	l.Reason = streams.ReasonWebhookFailed
	if err := Replayable(l, "dead-letter-topic"); !errors.Is(err, ErrWebhookMessage) {
		t.Errorf("Replayable = %v, want ErrWebhookMessage", err)
	}
}
