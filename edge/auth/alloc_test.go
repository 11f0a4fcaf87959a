package auth

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestAuthenticateAllocatesNothing: a valid key is looked up without an
// allocation (the principal, key id included, is built when the file is
// loaded), so that keys cost the ingest path no garbage (BENCHMARKS.md,
// "Authentication on the ingest path").
func TestAuthenticateAllocatesNothing(t *testing.T) {
	key, rec := newKey(t, "ingest", TransactionsWrite)
	k, _ := openKeys(t, rec)
	header, id := bearer(key), rec.KeyID()
	allocs := testing.AllocsPerRun(100, func() {
		if p, err := k.Authenticate(header); err != nil || p.Name != "ingest" || p.KeyID != id {
			t.Fatalf("%v %v", p, err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Authenticate allocates %v times per call", allocs)
	}
}

// BenchmarkAuthenticate is one lookup of a valid key in a file of a
// thousand (BENCHMARKS.md, "Authentication on the ingest path").
func BenchmarkAuthenticate(b *testing.B) {
	var recs []Record
	var key string
	for i := range 1000 {
		k, rec, err := NewRecord("bench-"+strconv.Itoa(i), SetOf(TransactionsWrite), created)
		if err != nil {
			b.Fatal(err)
		}
		recs, key = append(recs, rec), k
	}
	path := filepath.Join(b.TempDir(), "keys")
	if err := os.WriteFile(path, []byte(fileOf(b, recs...)), 0o600); err != nil {
		b.Fatal(err)
	}
	k, err := Open(Config{File: path})
	if err != nil {
		b.Fatal(err)
	}
	header := bearer(key)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := k.Authenticate(header); err != nil {
			b.Fatal(err)
		}
	}
}
