package statuslog

import (
	"errors"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// recordAt is the update context of a table record at offset of
// partition: what goka's view hands the callback.
type recordAt struct {
	goka.DefaultUpdateContext
	partition int32
	offset    int64
}

func (r recordAt) Partition() int32 { return r.partition }
func (r recordAt) Offset() int64    { return r.offset }

// followFixture is an index fed through its view callback, as goka feeds
// it, with the records of each partition at their own offsets.
type followFixture struct {
	t    *testing.T
	x    *Index
	view storage.Storage
	next map[int32]int64
}

func newFollowFixture(t *testing.T) *followFixture {
	st, err := openStore("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.close() })
	return &followFixture{t: t, x: &Index{store: st}, view: storage.NewMemory(), next: map[int32]int64{}}
}

// write files the log of id with entries on partition p, at its next offset.
func (f *followFixture) write(p int32, id string, entries ...domain.StatusChange) {
	f.t.Helper()
	data, err := streams.JSON[domain.StatusLog]{}.Encode(&domain.StatusLog{Schema: domain.SchemaVersion, TransactionID: id, Entries: entries})
	if err != nil {
		f.t.Fatal(err)
	}
	ctx := recordAt{partition: p, offset: f.next[p]}
	f.next[p]++
	if err := f.x.update(ctx, f.view, id, data); err != nil {
		f.t.Fatal(err)
	}
}

func (f *followFixture) since(cursor string, status domain.Status, max int) Changes {
	f.t.Helper()
	got, err := f.x.Since(cursor, status, max)
	if err != nil {
		f.t.Fatalf("Since: %v", err)
	}
	return got
}

func changeAt(v int64, s domain.Status, at time.Time) domain.StatusChange {
	return domain.StatusChange{Version: v, Status: s, At: at}
}

// names lists the changes as "id/version".
func names(cs []Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Entry.TransactionID + "/" + string(rune('0'+c.Entry.Version))
	}
	return out
}

func sameNames(t *testing.T, what string, got []Change, want ...string) {
	t.Helper()
	g := names(got)
	if len(g) != len(want) {
		t.Fatalf("%s: got %v, want %v", what, g, want)
	}
	for i := range want {
		if g[i] != want[i] {
			t.Fatalf("%s: got %v, want %v", what, g, want)
		}
	}
}

// TestSinceResumesExactlyAcrossPartitions is the case the time keys get
// wrong: after a reader got an entry at 10s from one partition, another
// partition files an entry at 5s. A resume after the last time key would
// skip it (the listing's cursor does); a resume from the event cursor gets
// it, once, and repeats nothing, also from a cursor between the two
// entries of one record.
func TestSinceResumesExactlyAcrossPartitions(t *testing.T) {
	f := newFollowFixture(t)
	late, early := t0.Add(10*time.Second), t0.Add(5*time.Second)
	// One record, two changes (received and completed in one table write).
	f.write(1, "a", changeAt(1, domain.StatusReceived, late), changeAt(2, domain.StatusCompleted, late))

	first := f.since("", "", 100)
	sameNames(t, "from the start", first.Changes, "a/1", "a/2")
	mid := f.since(first.Changes[0].Cursor, "", 100)
	sameNames(t, "from between the two changes of one record", mid.Changes, "a/2")
	if mid.Next != first.Next {
		t.Errorf("Next from the middle %q differs from Next from the start %q", mid.Next, first.Next)
	}
	page, err := f.x.List(Query{Limit: 2})
	if err != nil || len(page.Entries) != 2 {
		t.Fatalf("List: %+v, %v", page, err)
	}
	listCursor := page.Next
	if listCursor == "" {
		// The listing's cursor after a/2, as a client paging by time holds it.
		listCursor = encodeCursor(entryKey(spacePrefix(""), page.Entries[1]), false)
	}

	f.write(0, "b", changeAt(1, domain.StatusReceived, early))
	f.write(1, "a", changeAt(1, domain.StatusReceived, late), changeAt(2, domain.StatusCompleted, late)) // redelivered: nothing new
	resumed := f.since(first.Changes[1].Cursor, "", 100)
	sameNames(t, "resumed after the last event", resumed.Changes, "b/1")
	byTime, err := f.x.List(Query{Cursor: listCursor})
	if err != nil {
		t.Fatal(err)
	}
	if len(byTime.Entries) != 0 {
		t.Fatalf("the time cursor now finds %+v; the case this test is about needs it to miss b", byTime.Entries)
	}
	again := f.since(resumed.Changes[0].Cursor, "", 100)
	sameNames(t, "resumed after b", again.Changes)
	if again.Next != resumed.Next {
		t.Errorf("an empty read moved the cursor: %q -> %q", resumed.Next, again.Next)
	}
}

// Every entry is sent once whatever the reader's batch size and filter:
// reading one at a time from each cursor gives what one read gives.
func TestSinceOneAtATimeAndByStatus(t *testing.T) {
	f := newFollowFixture(t)
	for i := range 6 {
		h := history(i, t0, time.Second)
		f.write(int32(i%3), h.TransactionID, h.Entries[:2]...)
		f.write(int32(i%3), h.TransactionID, h.Entries...)
	}
	all := f.since("", "", 1000)
	if len(all.Changes) != 18 {
		t.Fatalf("%d changes, want 18", len(all.Changes))
	}
	var walked []Change
	cursor := ""
	for range 100 {
		got := f.since(cursor, "", 1)
		if len(got.Changes) == 0 {
			break
		}
		walked = append(walked, got.Changes...)
		cursor = got.Next
	}
	if len(walked) != len(all.Changes) {
		t.Fatalf("one at a time: %d changes, want %d", len(walked), len(all.Changes))
	}
	seen := map[string]bool{}
	for _, c := range walked {
		k := names([]Change{c})[0]
		if seen[k] {
			t.Fatalf("%s sent twice", k)
		}
		seen[k] = true
	}
	failed := f.since("", domain.StatusFailed, 1000)
	sameNames(t, "failed only", failed.Changes, txID(0)+"/3")
	if rest := f.since(failed.Next, "", 1000); len(rest.Changes) != 0 {
		t.Fatalf("after a filtered read's Next: %v, want nothing (the others were passed over)", names(rest.Changes))
	}
}

func TestTailAndChanged(t *testing.T) {
	f := newFollowFixture(t)
	f.write(2, "old", changeAt(1, domain.StatusReceived, t0))
	tail, err := f.x.Tail()
	if err != nil {
		t.Fatal(err)
	}
	changed := f.x.Changed()
	select {
	case <-changed:
		t.Fatal("Changed closed before a write")
	default:
	}
	f.write(5, "new", changeAt(1, domain.StatusReceived, t0))
	select {
	case <-changed:
	default:
		t.Fatal("Changed not closed by a write that filed an entry")
	}
	sameNames(t, "from the tail", f.since(tail, "", 100).Changes, "new/1")
}

func TestSinceRefusesBadCursorsAndStatuses(t *testing.T) {
	f := newFollowFixture(t)
	f.write(0, "a", changeAt(1, domain.StatusReceived, t0))
	f.write(0, "b", changeAt(1, domain.StatusReceived, t0))
	next, err := f.x.List(Query{Limit: 1})
	if err != nil || next.Next == "" {
		t.Fatalf("List: %+v, %v; want a next page", next, err)
	}
	for name, cursor := range map[string]string{
		"garbage":          "not-a-cursor",
		"a listing cursor": next.Next,
		"truncated":        f.since("", "", 10).Next[:4],
	} {
		if _, err := f.x.Since(cursor, "", 10); !errors.Is(err, ErrBadCursor) {
			t.Errorf("%s: err = %v, want ErrBadCursor", name, err)
		}
	}
	if _, err := f.x.Since("", "bogus", 10); !errors.Is(err, ErrBadQuery) {
		t.Errorf("unknown status: err = %v, want ErrBadQuery", err)
	}
}

// BenchmarkSince is the index's share of an event of GET
// /transactions/events: reading one entry from the arrival space, with
// the cursor that resumes after it, on ten partitions, by reads of 64
// entries per partition as the stream makes them. One op is one entry.
func BenchmarkSince(b *testing.B) {
	st, err := openStore("")
	if err != nil {
		b.Fatal(err)
	}
	defer st.close()
	x := &Index{store: st}
	view := storage.NewMemory()
	codec := streams.JSON[domain.StatusLog]{}
	for i := range b.N {
		h := history(i, t0, time.Millisecond)
		data, _ := codec.Encode(&domain.StatusLog{Schema: h.Schema, TransactionID: h.TransactionID, Entries: h.Entries[:1]})
		if err := x.update(recordAt{partition: int32(i % 10), offset: int64(i / 10)}, view, h.TransactionID, data); err != nil {
			b.Fatal(err)
		}
	}
	cursor, read := "", 0
	testenv.Measure(b, func(int) {
		if read > 0 {
			read--
			return
		}
		got, err := x.Since(cursor, "", 64)
		if err != nil || len(got.Changes) == 0 {
			b.Fatalf("Since: %d changes, %v", len(got.Changes), err)
		}
		cursor, read = got.Next, len(got.Changes)-1
	})
}
