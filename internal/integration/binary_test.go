package integration

import (
	"os"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.RemoveBinaries()
	os.Exit(code)
}

// repoRoot is the module root.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatalf("module root: %v", err)
	}
	return root
}

// buildBinary is the txstream binary of this test run (see testenv.Txstream).
func buildBinary(t *testing.T) string { return testenv.Txstream(t) }
