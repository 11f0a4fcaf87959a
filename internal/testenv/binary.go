package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The txstream binary is built once per test binary, into a directory
// RemoveBinaries deletes.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// Txstream builds cmd/txstream once per test binary, with -race when the
// tests run with it (so that a data race in the composed process fails the
// test that drives it), and returns the path of the binary.
func Txstream(t testing.TB) string {
	t.Helper()
	built.once.Do(buildTxstream)
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

func buildTxstream() {
	root, err := ModuleRoot()
	if err != nil {
		built.err = err
		return
	}
	if built.dir, built.err = os.MkdirTemp("", "txstream-bin-"); built.err != nil {
		return
	}
	built.path = filepath.Join(built.dir, "txstream")
	args := []string{"build", "-o", built.path}
	if RaceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, "./cmd/txstream")...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		built.err = fmt.Errorf("go build: %w\n%s", err, out)
	}
}

// RemoveBinaries deletes what Txstream built; call it from TestMain.
func RemoveBinaries() {
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

// ModuleRoot is the directory of the module's go.mod.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the module")
	}
	return filepath.Dir(gomod), nil
}
