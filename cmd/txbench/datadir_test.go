package main

import (
	"os"
	"strings"
	"testing"
)

func TestServerStateIsNamedInTheReport(t *testing.T) {
	onDisk, inMemory := defaultRunConfig(), defaultRunConfig()
	inMemory.InMemory = true
	if got := settingsOf(onDisk).Server; !strings.Contains(got, "temporary directory") {
		t.Errorf("default run: server %q does not say its state is on disk", got)
	}
	if got := settingsOf(inMemory).Server; !strings.Contains(got, `--data-dir ""`) {
		t.Errorf("--in-memory run: server %q does not say its state is in memory", got)
	}
}

func TestRemoveDataDir(t *testing.T) {
	dir := t.TempDir() + "/state"
	if err := os.MkdirAll(dir+"/kafka", 0o755); err != nil {
		t.Fatal(err)
	}
	b := &bench{dataDir: dir, prog: &progress{out: &strings.Builder{}}}
	b.removeDataDir()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the server's data directory is still there: %v", err)
	}
	if len(b.rep.Notes) != 0 {
		t.Errorf("notes %v, want none", b.rep.Notes)
	}
	(&bench{}).removeDataDir() // in memory: nothing to remove, no panic
}
