package credential

import "errors"

var (
	// ErrFileMode is returned by ReadPasswordFile for a file that group or
	// others may write.
	ErrFileMode = errors.New("password file writable by group or others")
	// ErrEmpty is returned by ReadPasswordFile for a file that holds no
	// password (nothing, or one newline).
	ErrEmpty = errors.New("password file is empty")
	// ErrTooLong is returned by ReadPasswordFile for a file larger than
	// any password (maxFile): a wrong path, most likely.
	ErrTooLong = errors.New("password file too long")
)
