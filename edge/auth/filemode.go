package auth

import (
	"fmt"
	"os"
)

// CheckMode refuses a key file that group or others may write, and tells
// warn (when not nil) about one they may read.
//
// Writable is refused, as sshd's StrictModes refuses such an
// authorized_keys: whoever can write the file can give themselves every
// scope. Readable is only a warning: the file holds hashes of 256-bit
// random keys, which let nobody in, so what leaks is the names and scopes;
// and Kubernetes mounts Secrets 0644 unless told otherwise, which a
// refusal would break for little gain.
func CheckMode(f *os.File, warn func(string)) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("key file: %w", err)
	}
	mode := fi.Mode().Perm()
	if mode&0o022 != 0 {
		return fmt.Errorf("%s (mode %04o; chmod go-w it): %w", f.Name(), mode, ErrFileMode)
	}
	if mode&0o044 != 0 && warn != nil {
		warn(fmt.Sprintf("key file %s is readable by group or others (mode %04o): names and scopes are visible; chmod 600 it", f.Name(), mode))
	}
	return nil
}
