package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckPartitioning: a new data directory is stamped murmur2 and
// accepted again; one that an older release filled (no stamp) or that
// names another partitioning is refused with the way out.
func TestCheckPartitioning(t *testing.T) {
	fresh := t.TempDir()
	if err := checkPartitioning(fresh); err != nil {
		t.Fatalf("new directory: %v", err)
	}
	if err := checkPartitioning(fresh); err != nil {
		t.Fatalf("stamped directory: %v", err)
	}
	old := t.TempDir()
	if err := os.MkdirAll(filepath.Join(old, "kafka"), 0o755); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, partitioningFile), []byte("crc32\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, dir := range map[string]string{"older release": old, "other partitioning": other} {
		err := checkPartitioning(dir)
		if err == nil || !strings.Contains(err.Error(), "new --data-dir") || !strings.Contains(err.Error(), dir) {
			t.Errorf("%s: %v, want a refusal naming the directory and the way out", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(old, partitioningFile)); err == nil {
		t.Error("a refused directory was stamped")
	}
}
