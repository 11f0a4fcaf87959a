package embedded

import "errors"

var (
	// ErrNotDurable is returned by the embedded broker's group commit when
	// the data directory could not be synced; the connection whose
	// acknowledgement waited for it is closed instead of answered.
	ErrNotDurable = errors.New("embedded kafka: writes not durable")
	// ErrClosed is returned to an acknowledgement that waited for a group
	// commit when the broker closed.
	ErrClosed = errors.New("embedded kafka: closed")

	// errNoFileSystemSync says that this platform has no syncfs(2); the
	// broker then fsyncs every batch itself.
	errNoFileSystemSync = errors.New("no syncfs on this platform")
)
