package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// partitioningFile records, in a data directory, how the keys of what it
// holds were partitioned. Releases before it hashed keys with goka's
// FNV-1a and wrote no such file; a broker log or table state of theirs
// read with murmur2 would put every key's new records on another
// partition than its old ones, silently.
const (
	partitioningFile = "PARTITIONING"
	partitioning     = "murmur2"
)

// prepareDataDir creates dir when it is missing and checks its
// partitioning; an empty dir (state in memory) needs neither.
func prepareDataDir(dir string) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	return checkPartitioning(dir)
}

// checkPartitioning refuses a data directory written with another
// partitioning, and stamps one that holds nothing yet.
func checkPartitioning(dir string) error {
	stamp := filepath.Join(dir, partitioningFile)
	got, err := os.ReadFile(stamp)
	switch {
	case err == nil && strings.TrimSpace(string(got)) == partitioning:
		return nil
	case err == nil:
		return fmt.Errorf("data directory %s holds keys partitioned with %q, this txstream uses %s: start with a new --data-dir (README, \"Upgrading from FNV-1a partitioning\")",
			dir, strings.TrimSpace(string(got)), partitioning)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("data directory: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("data directory %s was written by a txstream that partitioned keys with FNV-1a; this one uses Kafka's murmur2, and would read its log and tables wrongly: start with a new --data-dir, or remove this one (README, \"Upgrading from FNV-1a partitioning\")", dir)
	}
	if err := os.WriteFile(stamp, []byte(partitioning+"\n"), 0o644); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	return nil
}
