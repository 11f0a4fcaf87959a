package credential

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// maxFile bounds a password file: no password is this long.
const maxFile = 64 << 10

// ReadPasswordFile reads the password in the file at path: the whole
// file less one trailing newline (echo and editors add one; "\r\n" too).
// It refuses an empty file and a file that group or others may write, and
// tells warn (when not nil) about one they may read.
//
// Writable is refused: whoever can write the file chooses what txstream
// sends to the broker. Readable is only a warning, as for the API key
// file (edge/auth): Kubernetes mounts Secrets 0644 unless told otherwise,
// and inside a container's own mount namespace that harms little; on a
// shared host it shows the password to every user, which the warning says.
func ReadPasswordFile(path string, warn func(string)) (Password, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("password file: %w", err)
	}
	defer f.Close()
	if err := CheckFileMode(f, "password file", ErrFileMode, "", warn); err != nil {
		return "", err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return "", fmt.Errorf("read password file %s: %w", path, err)
	}
	if len(data) > maxFile {
		return "", fmt.Errorf("%s: %w: more than %d bytes", path, ErrTooLong, maxFile)
	}
	pw := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
	if pw == "" {
		return "", fmt.Errorf("%s: %w", path, ErrEmpty)
	}
	return Password(pw), nil
}
