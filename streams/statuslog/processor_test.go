package statuslog

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func statusEvent(id string, version int64, status domain.Status, reason domain.Reason) domain.StatusEvent {
	return domain.StatusEvent{
		Schema:        domain.SchemaVersion,
		TransactionID: id,
		StatusChange: domain.StatusChange{
			Version: version, Status: status, Reason: reason,
			At: t0.Add(time.Duration(version) * time.Second),
		},
	}
}

// testProcessor runs the processor on goka's tester until the test ends.
type testProcessor struct {
	tt    *tester.Tester
	cfg   streams.Config
	obs   *testenv.CountingObserver
	table goka.Table
}

func startTestProcessor(t *testing.T) *testProcessor {
	t.Helper()
	cfg := testenv.TesterConfig()
	tp := &testProcessor{tt: tester.New(t), cfg: cfg, obs: testenv.NewCountingObserver(), table: streams.Table(cfg.Groups.StatusLog)}
	o := Options{Observer: tp.obs, Clock: func() time.Time { return t0 }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	p, err := New(cfg, o, goka.WithTester(tp.tt))
	if err != nil {
		t.Fatalf("new processor: %v", err)
	}
	testenv.Run(t, "run", p.Run)
	return tp
}

func (tp *testProcessor) consume(key string, value any) {
	tp.tt.Consume(tp.cfg.Topics.Statuses, key, value)
}

func (tp *testProcessor) log(t *testing.T, key string) *domain.StatusLog {
	t.Helper()
	v := tp.tt.TableValue(tp.table, key)
	if v == nil {
		return nil
	}
	// Read the stored bytes as every reader of the table does.
	data, err := tableCodec{}.Encode(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	log, err := streams.JSON[domain.StatusLog]{}.Decode(data)
	if err != nil {
		t.Fatalf("decode the table value of %s: %v", key, err)
	}
	return log.(*domain.StatusLog)
}

// versions lists the recorded versions and statuses, "1:received" etc.
func versions(log *domain.StatusLog) []string {
	if log == nil {
		return nil
	}
	var out []string
	for _, e := range log.Entries {
		out = append(out, string(rune('0'+e.Version))+":"+string(e.Status))
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestProcessor(t *testing.T) {
	received := statusEvent("tx-1", 1, domain.StatusReceived, "")
	converting := statusEvent("tx-1", 2, domain.StatusConverting, "")
	completed := statusEvent("tx-1", 3, domain.StatusCompleted, "")
	failedAt2 := statusEvent("tx-1", 2, domain.StatusFailed, domain.ReasonNoRate)
	tests := []struct {
		name      string
		key       string
		events    []any
		want      []string
		duplicate int
		conflict  int
		malformed int
	}{
		{name: "ordered append", key: "tx-1", events: []any{received, converting, completed},
			want: []string{"1:received", "2:converting", "3:completed"}},
		{name: "duplicate versions ignored", key: "tx-1", events: []any{received, received, converting, converting},
			want: []string{"1:received", "2:converting"}, duplicate: 2},
		{name: "re-emitted full history ignored", key: "tx-1",
			events: []any{received, converting, received, converting, completed, received, converting, completed},
			want:   []string{"1:received", "2:converting", "3:completed"}, duplicate: 5},
		{name: "same version other content keeps the record", key: "tx-1", events: []any{received, converting, failedAt2},
			want: []string{"1:received", "2:converting"}, conflict: 1},
		{name: "gap recorded in order and counted", key: "tx-1", events: []any{received, completed},
			want: []string{"1:received", "3:completed"}, malformed: 1},
		{name: "gap filled by the re-emitted history", key: "tx-1",
			events: []any{received, completed, received, converting, completed},
			want:   []string{"1:received", "2:converting", "3:completed"}, malformed: 1, duplicate: 2},
		{name: "undecodable (too new schema) dropped", key: "tx-1",
			events: []any{domain.StatusEvent{Schema: domain.SchemaVersion + 1, TransactionID: "tx-1", StatusChange: received.StatusChange}, received},
			want:   []string{"1:received"}, malformed: 1},
		{name: "id other than key dropped", key: "tx-2", events: []any{received}, malformed: 1},
		{name: "version zero dropped", key: "tx-1", events: []any{statusEvent("tx-1", 0, domain.StatusReceived, "")}, malformed: 1},
		{name: "unknown status dropped", key: "tx-1", events: []any{statusEvent("tx-1", 1, "lost", "")}, malformed: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp := startTestProcessor(t)
			for _, ev := range tc.events {
				tp.consume(tc.key, ev)
			}
			got := tp.log(t, tc.key)
			if !equalStrings(versions(got), tc.want) {
				t.Fatalf("log of %s = %v, want %v", tc.key, versions(got), tc.want)
			}
			if got != nil && (got.TransactionID != tc.key || got.Schema != domain.SchemaVersion) {
				t.Errorf("log header = %q schema %d", got.TransactionID, got.Schema)
			}
			counts := map[string][2]int{
				"processed": {tp.obs.Count("processed"), len(tc.events)},
				"duplicate": {tp.obs.Count("duplicate"), tc.duplicate},
				"conflict":  {tp.obs.Count("conflict"), tc.conflict},
				"malformed": {tp.obs.Count("malformed"), tc.malformed},
			}
			for name, c := range counts {
				if c[0] != c[1] {
					t.Errorf("%s = %d, want %d", name, c[0], c[1])
				}
			}
		})
	}
}

func TestProcessorStampsEventsWithoutTime(t *testing.T) {
	tp := startTestProcessor(t)
	ev := statusEvent("tx-1", 1, domain.StatusReceived, "")
	ev.At = time.Time{}
	tp.consume("tx-1", ev)
	got := tp.log(t, "tx-1")
	if got == nil || len(got.Entries) != 1 || !got.Entries[0].At.Equal(t0) {
		t.Fatalf("log = %+v, want one entry stamped %s", got, t0)
	}
}

func TestProcessorKeepsReasonAndTime(t *testing.T) {
	tp := startTestProcessor(t)
	tp.consume("tx-9", statusEvent("tx-9", 1, domain.StatusReceived, ""))
	tp.consume("tx-9", statusEvent("tx-9", 2, domain.StatusFailed, domain.ReasonNoRate))
	got := tp.log(t, "tx-9")
	want := statusEvent("tx-9", 2, domain.StatusFailed, domain.ReasonNoRate).StatusChange
	if got == nil || len(got.Entries) != 2 || got.Entries[1].Reason != want.Reason || !got.Entries[1].At.Equal(want.At) {
		t.Fatalf("log = %+v, want second entry %+v", got, want)
	}
}
