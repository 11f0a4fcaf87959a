package embedded

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// fileSystemSync returns a function that flushes to disk everything
// written to the file system that holds dir (syncfs(2): one call covers
// every file and directory kfake wrote, new segment files included, which
// per-file fsyncs would each have to name), and the function that releases
// it.
func fileSystemSync(dir string) (sync func() error, release func() error, err error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s to sync it: %w", dir, err)
	}
	sync = func() error {
		if err := unix.Syncfs(fd); err != nil {
			return fmt.Errorf("%w: syncfs %s: %v", ErrNotDurable, dir, err)
		}
		return nil
	}
	return sync, func() error { return unix.Close(fd) }, nil
}
