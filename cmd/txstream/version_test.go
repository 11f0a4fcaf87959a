package main

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestWithStamp(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/txstream/txstream", Version: "(devel)"}}
	tests := []struct {
		name, stamped, want string
	}{
		{"go run without a stamp", "", "(devel)"},
		{"make run", "4dbd620-dirty", "4dbd620-dirty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			writeVersion(&b, withStamp(info, tt.stamped))
			if first, _, _ := strings.Cut(b.String(), "\n"); first != "txstream "+tt.want {
				t.Errorf("first line %q, want %q", first, "txstream "+tt.want)
			}
		})
	}
	if info.Main.Version != "(devel)" {
		t.Errorf("withStamp changed the build information it was given: %q", info.Main.Version)
	}
}

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
