//go:build !linux

package embedded

// fileSystemSync is not available outside Linux (no syncfs(2)): StartKafka
// falls back to kfake's own fsync of every batch.
func fileSystemSync(string) (sync func() error, release func() error, err error) {
	return nil, nil, errNoFileSystemSync
}
