package tree

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
)

// executableMagic are the first bytes of the executable formats Go
// builds: ELF, Mach-O (32 and 64 bit, both byte orders, universal) and
// PE. A tracked file that starts with one is a compiled binary.
var executableMagic = [][]byte{
	[]byte("\x7fELF"),
	{0xfe, 0xed, 0xfa, 0xce}, {0xce, 0xfa, 0xed, 0xfe},
	{0xfe, 0xed, 0xfa, 0xcf}, {0xcf, 0xfa, 0xed, 0xfe},
	{0xca, 0xfe, 0xba, 0xbe},
	[]byte("MZ"),
}

// TestNoCompiledBinaryIsTracked keeps build outputs out of git: a
// 50 MB binary was committed once, in a folder .gitignore did not cover.
func TestNoCompiledBinaryIsTracked(t *testing.T) {
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	files := trackedFiles(t, root)
	if len(files) == 0 {
		t.Fatal("git lists no tracked files")
	}
	for _, name := range files {
		if isExecutable(t, filepath.Join(root, name)) {
			t.Errorf("%s is a compiled binary; remove it from git and ignore it", name)
		}
	}
}

func trackedFiles(t *testing.T, root string) []string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout (%v)", err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}

func isExecutable(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return false // deleted in the work tree, not yet committed
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := f.Read(head)
	for _, magic := range executableMagic {
		if bytes.HasPrefix(head[:n], magic) {
			return true
		}
	}
	return false
}
