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

func change(version int64, status domain.Status, reason domain.Reason) domain.StatusChange {
	return domain.StatusChange{Version: version, Status: status, Reason: reason, At: t0.Add(time.Duration(version) * time.Second)}
}

// txRecord is the transactions-table value of id after changes, as the
// transactions processor writes it: the state of the last change, and the
// whole history.
func txRecord(id string, changes ...domain.StatusChange) domain.Transaction {
	tx := domain.Transaction{Schema: domain.SchemaVersion, ID: id, Amount: "10.50", Currency: "USD", History: changes}
	if n := len(changes); n > 0 {
		tx.Version, tx.Status, tx.Reason = changes[n-1].Version, changes[n-1].Status, changes[n-1].Reason
	}
	return tx
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

// consume delivers value on the transactions table's changelog, the
// processor's input.
func (tp *testProcessor) consume(key string, value any) {
	tp.tt.Consume(string(streams.Table(tp.cfg.Groups.Transactions)), key, value)
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
	r, cv, done := change(1, domain.StatusReceived, ""), change(2, domain.StatusConverting, ""), change(3, domain.StatusCompleted, "")
	failedAt2 := change(2, domain.StatusFailed, domain.ReasonNoRate)
	rec := func(changes ...domain.StatusChange) any { return txRecord("tx-1", changes...) }
	tests := []struct {
		name      string
		key       string
		records   []any
		want      []string
		duplicate int
		conflict  int
		malformed int
	}{
		{name: "each record appends its new changes", key: "tx-1", records: []any{rec(r, cv), rec(r, cv, done)},
			want: []string{"1:received", "2:converting", "3:completed"}},
		{name: "one change per record", key: "tx-1", records: []any{rec(r), rec(r, cv), rec(r, cv, done)},
			want: []string{"1:received", "2:converting", "3:completed"}},
		{name: "replayed record is a duplicate", key: "tx-1", records: []any{rec(r, cv), rec(r, cv)},
			want: []string{"1:received", "2:converting"}, duplicate: 1},
		{name: "older record after a newer one is a duplicate", key: "tx-1", records: []any{rec(r, cv, done), rec(r, cv)},
			want: []string{"1:received", "2:converting", "3:completed"}, duplicate: 1},
		{name: "missed records filled from the history", key: "tx-1", records: []any{rec(r), rec(r, cv, done)},
			want: []string{"1:received", "2:converting", "3:completed"}},
		{name: "same version other content keeps the record", key: "tx-1", records: []any{rec(r, cv), rec(r, failedAt2)},
			want: []string{"1:received", "2:converting"}, conflict: 1},
		{name: "gap in a foreign history recorded in order and counted", key: "tx-1", records: []any{rec(r, done)},
			want: []string{"1:received", "3:completed"}, malformed: 1},
		{name: "gap filled by a later history", key: "tx-1", records: []any{rec(r, done), rec(r, cv, done)},
			want: []string{"1:received", "2:converting", "3:completed"}, malformed: 1},
		{name: "undecodable (too new schema) skipped", key: "tx-1",
			records: []any{domain.Transaction{Schema: domain.SchemaVersion + 1, ID: "tx-1", Version: 1, History: []domain.StatusChange{r}}, rec(r)},
			want:    []string{"1:received"}, malformed: 1},
		{name: "id other than key dropped", key: "tx-2", records: []any{rec(r)}, malformed: 1},
		{name: "no history dropped", key: "tx-1", records: []any{rec()}, malformed: 1},
		{name: "version zero dropped", key: "tx-1", records: []any{rec(change(0, domain.StatusReceived, ""))}, malformed: 1},
		{name: "unknown status dropped", key: "tx-1", records: []any{rec(change(1, "lost", ""))}, malformed: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tp := startTestProcessor(t)
			for _, v := range tc.records {
				tp.consume(tc.key, v)
			}
			got := tp.log(t, tc.key)
			if !equalStrings(versions(got), tc.want) {
				t.Fatalf("log of %s = %v, want %v", tc.key, versions(got), tc.want)
			}
			if got != nil && (got.TransactionID != tc.key || got.Schema != domain.SchemaVersion) {
				t.Errorf("log header = %q schema %d", got.TransactionID, got.Schema)
			}
			counts := map[string][2]int{
				"processed": {tp.obs.Count("processed"), len(tc.records)},
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

func TestProcessorStampsChangesWithoutTime(t *testing.T) {
	tp := startTestProcessor(t)
	c := change(1, domain.StatusReceived, "")
	c.At = time.Time{}
	tp.consume("tx-1", txRecord("tx-1", c))
	got := tp.log(t, "tx-1")
	if got == nil || len(got.Entries) != 1 || !got.Entries[0].At.Equal(t0) {
		t.Fatalf("log = %+v, want one entry stamped %s", got, t0)
	}
}

func TestProcessorKeepsReasonAndTime(t *testing.T) {
	tp := startTestProcessor(t)
	want := change(2, domain.StatusFailed, domain.ReasonNoRate)
	tp.consume("tx-9", txRecord("tx-9", change(1, domain.StatusReceived, "")))
	tp.consume("tx-9", txRecord("tx-9", change(1, domain.StatusReceived, ""), want))
	got := tp.log(t, "tx-9")
	if got == nil || len(got.Entries) != 2 || got.Entries[1].Reason != want.Reason || !got.Entries[1].At.Equal(want.At) {
		t.Fatalf("log = %+v, want second entry %+v", got, want)
	}
}
