package statuslog

import (
	"errors"
	"os"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

func startIndex(t *testing.T, cfg streams.Config, dir string) (*Index, func()) {
	t.Helper()
	x, err := NewIndex(cfg, dir)
	if err != nil {
		t.Fatalf("new index: %v", err)
	}
	stop := testenv.Run(t, "index", x.Run)
	testenv.Eventually(t, 30*time.Second, x.Recovered, "index recovered")
	return x, stop
}

// emitHistories writes the transactions-table records of transactions
// [from, to), one per change, each with the history up to it, and the last
// once more, as the transactions processor does on redelivery. It returns
// how many records it wrote.
func emitHistories(t *testing.T, em *goka.Emitter, from, to int) int {
	t.Helper()
	n := 0
	for i := from; i < to; i++ {
		h := history(i, t0, 10*time.Millisecond)
		for v := range len(h.Entries) + 1 {
			tx := txRecord(h.TransactionID, h.Entries[:min(v+1, len(h.Entries))]...)
			if err := em.EmitSync(h.TransactionID, &tx); err != nil {
				t.Fatalf("emit: %v", err)
			}
			n++
		}
	}
	return n
}

func allEntries(from, to int) []Entry {
	var all []Entry
	for i := from; i < to; i++ {
		h := history(i, t0, 10*time.Millisecond)
		all = append(all, entriesOf(h.TransactionID, h)...)
	}
	sortEntries(all)
	return all
}

func listedCount(x *Index) int {
	page, err := x.List(Query{Limit: MaxLimit})
	if err != nil {
		return -1
	}
	return len(page.Entries)
}

// TestIndexOnKafka drives the whole path: status events through Kafka, the
// processor, its table, the index's view and store. Half the transactions
// are in the table before the index starts (read while recovering), half
// arrive after (read while running); a restarted index rebuilds the same.
func TestIndexOnKafka(t *testing.T) {
	cfg := testenv.StreamsConfig(t, 3)
	if err := streams.EnsureTables(cfg, cfg.Groups.Transactions); err != nil {
		t.Fatal(err)
	}
	obs := testenv.NewCountingObserver()
	proc, err := New(cfg, Options{Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	testenv.Run(t, "processor", proc.Run)
	testenv.Eventually(t, 30*time.Second, proc.Recovered, "processor recovered")

	em, err := goka.NewEmitter(cfg.Brokers, goka.Stream(streams.Table(cfg.Groups.Transactions)), streams.JSON[domain.Transaction]{}, cfg.EmitterOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer em.Finish()
	const n = 40
	emitted := emitHistories(t, em, 0, n/2)
	testenv.Eventually(t, 30*time.Second, func() bool { return obs.Count("processed") >= emitted }, "processor saw %d records", emitted)

	dir := t.TempDir()
	x, stop := startIndex(t, cfg, dir)
	if got, want := listedCount(x), 3*n/2; got != want {
		t.Fatalf("after recovery the index lists %d entries, want %d", got, want)
	}
	emitted += emitHistories(t, em, n/2, n)
	emitted += emitGarbage(t, cfg)
	testenv.Eventually(t, 30*time.Second, func() bool { return listedCount(x) == 3*n }, "index lists %d entries", 3*n)

	all := allEntries(0, n)
	checkListing(t, x, all)
	checkHistory(t, x)
	testenv.Eventually(t, 30*time.Second, func() bool { return obs.Count("processed") >= emitted }, "processor saw %d records", emitted)
	if got := obs.Count("duplicate"); got != n {
		t.Errorf("duplicates = %d, want %d (every last record written twice)", got, n)
	}
	if got := obs.Count("malformed"); got != 1 {
		t.Errorf("malformed = %d, want 1", got)
	}

	stop()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("index left %d files in its directory after Run returned", len(entries))
	}
	if _, err := x.List(Query{}); !errors.Is(err, ErrIndexClosed) {
		t.Errorf("list after Run returned: %v", err)
	}
	restarted, _ := startIndex(t, cfg, "")
	walked, _ := walk(t, restarted.List, Query{Limit: 17})
	sameEntries(t, walked, all)
}

func emitGarbage(t *testing.T, cfg streams.Config) int {
	t.Helper()
	em, err := goka.NewEmitter(cfg.Brokers, goka.Stream(streams.Table(cfg.Groups.Transactions)), new(codec.Bytes), cfg.EmitterOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer em.Finish()
	if err := em.EmitSync(txID(0), []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	return 1
}

func checkListing(t *testing.T, x *Index, all []Entry) {
	t.Helper()
	from, to := t0.Add(100*time.Millisecond), t0.Add(250*time.Millisecond)
	tests := []struct {
		name string
		q    Query
	}{
		{name: "all in time order, cursor walk", q: Query{Limit: 7}},
		{name: "status filter", q: Query{Status: domain.StatusFailed, Limit: 2}},
		{name: "time range", q: Query{From: from, To: to, Limit: 5}},
		{name: "status and time range", q: Query{Status: domain.StatusConverting, From: from, To: to, Limit: 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, pages := walk(t, x.List, tc.q)
			want := filterEntries(all, tc.q.Status, tc.q.From, tc.q.To)
			sameEntries(t, got, want)
			if wantPages := max(1, (len(want)+tc.q.Limit-1)/tc.q.Limit); pages != wantPages {
				t.Errorf("%d pages for %d entries of %d", pages, len(want), tc.q.Limit)
			}
		})
	}
	t.Run("bad cursor", func(t *testing.T) {
		if _, err := x.List(Query{Cursor: "not-a-cursor"}); !errors.Is(err, ErrBadCursor) {
			t.Fatalf("err = %v, want ErrBadCursor", err)
		}
	})
	t.Run("limit bounds", func(t *testing.T) {
		page, err := x.List(Query{})
		if err != nil || len(page.Entries) != DefaultLimit || page.Next == "" {
			t.Fatalf("default limit: %d entries, next %q, err %v", len(page.Entries), page.Next, err)
		}
		if _, err := x.List(Query{Limit: MaxLimit + 1}); !errors.Is(err, ErrBadQuery) {
			t.Fatalf("limit above max: err = %v", err)
		}
	})
}

func checkHistory(t *testing.T, x *Index) {
	t.Helper()
	got, err := x.History(txID(3))
	if err != nil {
		t.Fatal(err)
	}
	want := history(3, t0, 10*time.Millisecond)
	if got == nil || len(got.Entries) != len(want.Entries) || got.Entries[2].Status != want.Entries[2].Status {
		t.Fatalf("history = %+v, want %+v", got, want)
	}
	if unknown, err := x.History("no-such-tx"); unknown != nil || err != nil {
		t.Fatalf("history of an unknown id = %+v, %v", unknown, err)
	}
}
