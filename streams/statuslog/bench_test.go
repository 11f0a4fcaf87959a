package statuslog

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"
	"github.com/syndtr/goleveldb/leveldb"
	ldbstorage "github.com/syndtr/goleveldb/leveldb/storage"
	"github.com/syndtr/goleveldb/leveldb/util"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// benchTransactions is the size of the listing benchmark; override with
// STATUSLOG_BENCH_TX (e.g. 10000 for a quick run).
func benchTransactions(b *testing.B) int {
	if s := os.Getenv("STATUSLOG_BENCH_TX"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("STATUSLOG_BENCH_TX: %v", err)
		}
		return n
	}
	return 1_000_000
}

// benchStep spreads the transactions over one day.
const benchStep = 86400 * time.Millisecond / 1000

// BenchmarkList measures one page of the listing over n transactions (three
// entries each, written straight into the store), on disk and in memory.
func BenchmarkList(b *testing.B) {
	n := benchTransactions(b)
	for _, backend := range []string{"disk", "memory"} {
		b.Run(backend, func(b *testing.B) {
			dir := ""
			if backend == "disk" {
				dir = filepath.Join(b.TempDir(), "index")
			}
			st := loadBenchStore(b, dir, n)
			defer st.close()
			benchListQueries(b, st, n)
		})
	}
}

func loadBenchStore(b *testing.B, dir string, n int) *store {
	b.Helper()
	st, err := openStore(dir)
	if err != nil {
		b.Fatal(err)
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	const perBatch = 1000
	batch := new(leveldb.Batch)
	for i := range n {
		h := history(i, t0, benchStep)
		for _, e := range entriesOf(h.TransactionID, h) {
			addToBatch(batch, e)
		}
		if (i+1)%perBatch == 0 || i == n-1 {
			if err := st.apply(batch); err != nil {
				b.Fatal(err)
			}
			batch.Reset()
		}
	}
	took := time.Since(start)
	// Settle the background compaction of the bulk load, so that the
	// figures are of the steady state and not of a CPU shared with it.
	compactStart := time.Now()
	if err := st.db.CompactRange(util.Range{}); err != nil {
		b.Fatal(err)
	}
	b.Logf("compacted in %s", time.Since(compactStart).Round(time.Millisecond))
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.Logf("loaded %d transactions (%d entries, %d keys) in %s (%.0f entries/s); live heap %+d MiB; on disk %d MiB",
		n, 3*n, 6*n, took.Round(time.Millisecond), float64(3*n)/took.Seconds(),
		(int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20, dirSize(dir)>>20)
	return st
}

func benchListQueries(b *testing.B, st *store, n int) {
	mid := t0.Add(time.Duration(n/2) * benchStep)
	deep, err := st.list(Query{From: mid, Limit: 1})
	if err != nil || deep.Next == "" {
		b.Fatalf("deep cursor: %v", err)
	}
	deepFailed, err := st.list(Query{Status: domain.StatusFailed, From: mid, Limit: 1})
	if err != nil || deepFailed.Next == "" {
		b.Fatalf("deep failed cursor: %v", err)
	}
	queries := []struct {
		name string
		q    Query
	}{
		{"first_page_100", Query{Limit: 100}},
		{"first_page_1000", Query{Limit: MaxLimit}},
		{"deep_cursor_100", Query{Cursor: deep.Next, Limit: 100}},
		{"status_completed_100", Query{Status: domain.StatusCompleted, Limit: 100}},
		{"status_failed_deep_cursor_100", Query{Status: domain.StatusFailed, Cursor: deepFailed.Next, Limit: 100}},
		{"range_1s_mid", Query{From: mid, To: mid.Add(time.Second), Limit: 100}},
		{"range_1s_mid_failed", Query{Status: domain.StatusFailed, From: mid, To: mid.Add(time.Second), Limit: 100}},
	}
	for _, bq := range queries {
		b.Run(bq.name, func(b *testing.B) {
			page, err := st.list(bq.q)
			if err != nil || len(page.Entries) == 0 {
				b.Fatalf("%+v: %d entries, %v", bq.q, len(page.Entries), err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := st.list(bq.q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(page.Entries)), "entries/page")
		})
	}
}

func dirSize(dir string) int64 {
	var total int64
	if dir == "" {
		return 0
	}
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return nil
	})
	return total
}

// BenchmarkUpdate measures the view callback: one new version of one
// transaction's log, read-modify-indexed-stored, as during recovery. Each
// transaction gets its three versions in turn; the keys are made before
// the timer starts.
func BenchmarkUpdate(b *testing.B) {
	st, err := openStore("")
	if err != nil {
		b.Fatal(err)
	}
	defer st.close()
	db, err := leveldb.Open(ldbstorage.NewMemStorage(), viewPartitionOptions)
	if err != nil {
		b.Fatal(err)
	}
	view, _ := storage.New(db)
	defer view.Close()
	x := &Index{store: st}
	codec := streams.JSON[domain.StatusLog]{}
	values := make([][][]byte, 1000)
	for i := range values {
		h := history(i, t0, benchStep)
		for v := 1; v <= len(h.Entries); v++ {
			data, _ := codec.Encode(&domain.StatusLog{Schema: h.Schema, TransactionID: h.TransactionID, Entries: h.Entries[:v]})
			values[i] = append(values[i], data)
		}
	}
	ctx := goka.DefaultUpdateContext{}
	keys := make([]string, b.N)
	for i := range keys {
		keys[i] = fmt.Sprintf("tx-%d", i/3)
	}
	testenv.Measure(b, func(i int) {
		tx, v := i/3, i%3
		if err := x.update(ctx, view, keys[i], values[tx%len(values)][v]); err != nil {
			b.Fatal(err)
		}
	})
}
