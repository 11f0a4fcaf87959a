package auth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// created is the creation time of the test records.
var created = time.Date(2026, 12, 7, 2, 50, 0, 0, time.UTC)

// newKey makes a key and its record named name with scopes.
func newKey(t *testing.T, name string, scopes ...Scope) (string, Record) {
	t.Helper()
	key, rec, err := NewRecord(name, SetOf(scopes...), created)
	if err != nil {
		t.Fatal(err)
	}
	return key, rec
}

// fileOf is the key file holding recs, one line each, after a comment.
func fileOf(t testing.TB, recs ...Record) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("# test keys\n")
	for _, r := range recs {
		line, err := r.MarshalLine()
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// writeFile writes contents to the file name in dir, mode 0600, by
// writing a temporary file and renaming it over, as editors and
// configuration tools do.
func writeFile(t *testing.T, path, contents string) {
	t.Helper()
	writeFileMode(t, path, contents, 0o600)
}

// writeFileMode is writeFile with the file's mode set before the rename,
// so that no reader sees the contents under another mode.
func writeFileMode(t *testing.T, path, contents string, mode os.FileMode) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err := os.WriteFile(tmp, []byte(contents), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tmp, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// bearer is the Authorization header of key.
func bearer(key string) []byte { return []byte("Bearer " + key) }

// waitFor polls cond until it holds or ten seconds pass: Run reloads on
// its own goroutine, after a debounce, so the test waits for the effect
// rather than for a guessed time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
