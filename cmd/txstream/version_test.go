package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionStampedByLinker builds the binary as the Makefile does, with
// -X main.version, and runs txstream version.
func TestVersionStampedByLinker(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "txstream")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v9.9.9-test", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("txstream version: %v", err)
	}
	if first, _, _ := strings.Cut(string(out), "\n"); first != "txstream v9.9.9-test" {
		t.Errorf("first line %q, want txstream v9.9.9-test:\n%s", first, out)
	}
}
