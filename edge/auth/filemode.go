package auth

import (
	"os"

	"github.com/txstream/txstream/internal/credential"
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
	return credential.CheckFileMode(f, "key file", ErrFileMode, "names and scopes are visible", warn)
}
