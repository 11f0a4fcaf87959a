package credential

import (
	"fmt"
	"os"
)

// CheckFileMode is the one rule for the permissions of a file that holds
// secrets or grants access (a password file, the API key file): writable
// by group or others is refused with refused wrapped, since whoever can
// write it can log in as the client or give themselves every scope;
// readable by them is told to warn (when not nil), with exposes saying
// what it shows (empty when the secret itself shows). kind names the file
// in messages, as "password file".
func CheckFileMode(f *os.File, kind string, refused error, exposes string, warn func(string)) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	mode := fi.Mode().Perm()
	if mode&0o022 != 0 {
		return fmt.Errorf("%s (mode %04o; chmod go-w it): %w", f.Name(), mode, refused)
	}
	if mode&0o044 != 0 && warn != nil {
		if exposes != "" {
			exposes = ": " + exposes
		}
		warn(fmt.Sprintf("%s %s is readable by group or others (mode %04o)%s; chmod 600 it", kind, f.Name(), mode, exposes))
	}
	return nil
}
