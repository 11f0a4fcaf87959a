package credential_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/txstream/txstream/internal/credential"
)

// A password file as echo writes it: the newline is not the password's,
// and the password never prints.
func ExampleReadPasswordFile() {
	dir, err := os.MkdirTemp("", "credential")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "kafka-password")
	if err := os.WriteFile(path, []byte("s3cret\n"), 0o600); err != nil {
		fmt.Println(err)
		return
	}
	pw, err := credential.ReadPasswordFile(path, func(w string) { fmt.Println("warning:", w) })
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pw, len(pw.Reveal()))
	// Output: [redacted] 6
}
