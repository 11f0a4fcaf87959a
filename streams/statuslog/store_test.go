package statuslog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// loadedStore returns a store holding n synthetic histories, and all their
// entries in index order. Transactions 0 and 1 share their times, so ties
// are covered.
func loadedStore(t *testing.T, dir string, n int) (*store, []Entry) {
	t.Helper()
	st, err := openStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.close() })
	var all []Entry
	for i := range n {
		h := history(max(i, 1), t0, 10*time.Millisecond)
		h.TransactionID = txID(i)
		es := entriesOf(h.TransactionID, h)
		if err := st.write(nil, es); err != nil {
			t.Fatal(err)
		}
		all = append(all, es...)
	}
	sortEntries(all)
	return st, all
}

// walk lists q page by page to the end and returns every entry.
func walk(t *testing.T, list func(Query) (Page, error), q Query) ([]Entry, int) {
	t.Helper()
	var got []Entry
	pages := 0
	for {
		page, err := list(q)
		if err != nil {
			t.Fatalf("list %+v: %v", q, err)
		}
		pages++
		limit := q.Limit
		if limit == 0 {
			limit = DefaultLimit
		}
		if len(page.Entries) > limit || (page.Next != "" && len(page.Entries) != limit) {
			t.Fatalf("page %d has %d entries, limit %d, next %q", pages, len(page.Entries), limit, page.Next)
		}
		got = append(got, page.Entries...)
		if page.Next == "" {
			return got, pages
		}
		if pages > 100000 {
			t.Fatal("cursor walk does not end")
		}
		q.Cursor = page.Next
	}
}

func sameEntries(t *testing.T, got, want []Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.TransactionID != w.TransactionID || g.Version != w.Version || g.Status != w.Status ||
			g.Reason != w.Reason || !g.At.Equal(w.At) {
			t.Fatalf("entry %d = %+v, want %+v", i, g, w)
		}
	}
}

func TestStoreList(t *testing.T) {
	for _, backend := range []string{"memory", "disk"} {
		t.Run(backend, func(t *testing.T) {
			dir := ""
			if backend == "disk" {
				dir = t.TempDir()
			}
			st, all := loadedStore(t, dir, 200)
			mid := t0.Add(500 * time.Millisecond)
			late := t0.Add(1500 * time.Millisecond)
			tests := []struct {
				name     string
				q        Query
				from, to time.Time
			}{
				{name: "all, default limit", q: Query{}},
				{name: "all, limit 1", q: Query{Limit: 1}},
				{name: "all, limit 7", q: Query{Limit: 7}},
				{name: "all, max limit", q: Query{Limit: MaxLimit}},
				{name: "status received", q: Query{Status: domain.StatusReceived, Limit: 9}},
				{name: "status failed", q: Query{Status: domain.StatusFailed, Limit: 4}},
				{name: "from", q: Query{From: mid, Limit: 50}},
				{name: "to", q: Query{To: mid, Limit: 50}},
				{name: "from and to", q: Query{From: mid, To: late, Limit: 13}},
				{name: "status and range", q: Query{Status: domain.StatusConverting, From: mid, To: late, Limit: 5}},
				{name: "empty range", q: Query{From: mid, To: mid}},
				{name: "range after everything", q: Query{From: t0.Add(time.Hour)}},
				{name: "exact bound excluded at to, included at from",
					q: Query{From: t0.Add(20 * time.Millisecond), To: t0.Add(40 * time.Millisecond)}},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					want := filterEntries(all, tc.q.Status, tc.q.From, tc.q.To)
					got, _ := walk(t, st.list, tc.q)
					sameEntries(t, got, want)
				})
				t.Run(tc.name+", newest first", func(t *testing.T) {
					want := slices.Clone(filterEntries(all, tc.q.Status, tc.q.From, tc.q.To))
					slices.Reverse(want)
					q := tc.q
					q.Newest = true
					got, _ := walk(t, st.list, q)
					sameEntries(t, got, want)
				})
			}
		})
	}
}

func TestStoreListFirstPageAndCursor(t *testing.T) {
	st, all := loadedStore(t, "", 10)
	page, err := st.list(Query{Limit: 4})
	if err != nil {
		t.Fatal(err)
	}
	sameEntries(t, page.Entries, all[:4])
	if page.Next == "" {
		t.Fatal("no cursor on a page that is not the last")
	}
	page, err = st.list(Query{Limit: 4, Cursor: page.Next})
	if err != nil {
		t.Fatal(err)
	}
	sameEntries(t, page.Entries, all[4:8])
	last, err := st.list(Query{Limit: len(all)})
	if err != nil || last.Next != "" || len(last.Entries) != len(all) {
		t.Fatalf("a page holding everything: %d entries, next %q, err %v", len(last.Entries), last.Next, err)
	}
}

func TestStoreListRejects(t *testing.T) {
	st, _ := loadedStore(t, "", 5)
	page, err := st.list(Query{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	good := page.Next
	statusPage, err := st.list(Query{Status: domain.StatusReceived, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	newestPage, err := st.list(Query{Limit: 2, Newest: true})
	if err != nil {
		t.Fatal(err)
	}
	flipped := []byte(good)
	flipped[len(flipped)/2] ^= 1
	tests := []struct {
		name string
		q    Query
		want error
	}{
		{name: "cursor not base64", q: Query{Cursor: "%%%"}, want: ErrBadCursor},
		{name: "cursor made up", q: Query{Cursor: "dHgtMQ"}, want: ErrBadCursor},
		{name: "cursor altered", q: Query{Cursor: string(flipped)}, want: ErrBadCursor},
		{name: "cursor truncated", q: Query{Cursor: good[:len(good)-3]}, want: ErrBadCursor},
		{name: "cursor of another status", q: Query{Cursor: statusPage.Next, Status: domain.StatusCompleted}, want: ErrBadCursor},
		{name: "status cursor on unfiltered listing", q: Query{Cursor: statusPage.Next}, want: ErrBadCursor},
		{name: "oldest-first cursor, newest first", q: Query{Cursor: good, Newest: true}, want: ErrBadCursor},
		{name: "newest-first cursor, oldest first", q: Query{Cursor: newestPage.Next}, want: ErrBadCursor},
		{name: "negative limit", q: Query{Limit: -1}, want: ErrBadQuery},
		{name: "limit above max", q: Query{Limit: MaxLimit + 1}, want: ErrBadQuery},
		{name: "unknown status", q: Query{Status: "lost"}, want: ErrBadQuery},
		{name: "range ends before it starts", q: Query{From: t0.Add(time.Second), To: t0}, want: ErrBadQuery},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := st.list(tc.q); !errors.Is(err, tc.want) {
				t.Fatalf("list %+v: err %v, want %v", tc.q, err, tc.want)
			}
		})
	}
}

func TestStoreWriteFollowsLogChanges(t *testing.T) {
	st, err := openStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	v1 := entriesOf("tx-1", history(1, t0, time.Second))
	v2 := append([]Entry(nil), v1...)
	v2[2].Status, v2[2].Reason = domain.StatusFailed, domain.ReasonOverflow
	for _, step := range []struct {
		name         string
		before, into []Entry
	}{
		{"first version", nil, v1[:1]},
		{"appended", v1[:1], v1},
		{"rewritten", v1, v2},
		{"same again", v2, v2},
		{"deleted", v2, nil},
	} {
		del, put := diffEntries(step.before, step.into)
		if err := st.write(del, put); err != nil {
			t.Fatal(err)
		}
		got, _ := walk(t, st.list, Query{})
		sameEntries(t, got, step.into)
		for _, s := range domain.Statuses {
			got, _ := walk(t, st.list, Query{Status: s})
			sameEntries(t, got, filterEntries(step.into, s, time.Time{}, time.Time{}))
		}
	}
}

// Ids that are prefixes of one another, or contain the bytes the keys use,
// must neither collide nor be misread.
func TestStoreOddIDs(t *testing.T) {
	st, err := openStore("")
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	ids := []string{"a", "a0", "ab", "a\x00", "a\xff\xff", "t", "s", strings.Repeat("z", domain.MaxIDLength)}
	var all []Entry
	for _, id := range ids {
		es := entriesOf(id, history(1, t0, 0))
		if err := st.write(nil, es); err != nil {
			t.Fatal(err)
		}
		all = append(all, es...)
	}
	got, _ := walk(t, st.list, Query{Limit: 2})
	if len(got) != len(all) {
		t.Fatalf("listed %d, want %d", len(got), len(all))
	}
	seen := map[string]bool{}
	for i, e := range got {
		k := fmt.Sprintf("%q/%d", e.TransactionID, e.Version)
		if seen[k] {
			t.Fatalf("%s listed twice", k)
		}
		seen[k] = true
		if i > 0 && e.At.Before(got[i-1].At) {
			t.Fatalf("entry %d out of time order", i)
		}
	}
	for _, e := range all {
		if !seen[fmt.Sprintf("%q/%d", e.TransactionID, e.Version)] {
			t.Fatalf("%q/%d missing", e.TransactionID, e.Version)
		}
	}
}

func TestStoreClosed(t *testing.T) {
	st, err := openStore("")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.close(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.list(Query{}); !errors.Is(err, ErrIndexClosed) {
		t.Fatalf("list after close: %v", err)
	}
	if err := st.write(nil, entriesOf("tx", history(1, t0, 0))); !errors.Is(err, ErrIndexClosed) {
		t.Fatalf("write after close: %v", err)
	}
}

func TestKeyTimeOrder(t *testing.T) {
	times := []time.Time{
		time.Time{}, time.Unix(-5, 0), time.Unix(0, 0), time.Unix(0, 1), t0, t0.Add(time.Nanosecond),
		time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	p := spacePrefix("")
	for i := 1; i < len(times); i++ {
		a := entryKey(p, Entry{TransactionID: "z", Version: 9, At: times[i-1]})
		b := entryKey(p, Entry{TransactionID: "a", Version: 1, At: times[i]})
		if string(a) >= string(b) {
			t.Errorf("key at %s does not sort before key at %s", times[i-1], times[i])
		}
	}
	e := Entry{TransactionID: "tx-1", Version: 3, At: t0.Add(123 * time.Nanosecond)}
	got, err := parseKey(p, entryKey(p, e))
	if err != nil || got.TransactionID != e.TransactionID || got.Version != e.Version || !got.At.Equal(e.At) {
		t.Fatalf("parse(key(%+v)) = %+v, %v", e, got, err)
	}
}
