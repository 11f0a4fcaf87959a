package apikeycmd

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/internal/cli"
)

// out is a command's two streams.
type out struct{ stdout, stderr strings.Builder }

func (o *out) output() cli.Output { return cli.Output{Stdout: &o.stdout, Stderr: &o.stderr} }

var created = time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)

// TestNew: the key is alone on the first line of standard output and
// authenticates with its scopes against the file; the note on standard
// error names the key, its id and scopes, and does not repeat the key.
func TestNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	var o out
	err := New(context.Background(), Config{File: path, Name: "ingest-eu", Scopes: "transactions:write, transactions:read", Out: o.output(), Now: func() time.Time { return created }})
	if err != nil {
		t.Fatal(err)
	}
	key, rest, _ := strings.Cut(o.stdout.String(), "\n")
	if !regexp.MustCompile(`^txs_[A-Za-z0-9_-]{43}$`).MatchString(key) || rest != "" {
		t.Fatalf("standard output %q: want the key alone on one line", o.stdout.String())
	}
	keys, err := auth.Open(auth.Config{File: path})
	if err != nil {
		t.Fatal(err)
	}
	p, err := keys.Authorize([]byte("Bearer "+key), auth.TransactionsWrite)
	if err != nil || p.Name != "ingest-eu" || !p.Allows(auth.TransactionsRead) || p.Allows(auth.Ops) {
		t.Fatalf("the new key authenticates as %v, %v", p, err)
	}
	note := o.stderr.String()
	for _, want := range []string{"ingest-eu", p.KeyID, "transactions:write,transactions:read", path} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q does not say %q", note, want)
		}
	}
	if strings.Contains(note, key[len(auth.KeyPrefix):]) {
		t.Fatalf("note %q repeats the key", note)
	}
	recs, _ := auth.LoadFile(path, nil)
	if len(recs) != 1 || !recs[0].Created.Equal(created) {
		t.Fatalf("records %v", recs)
	}
}

// TestNewDefaultName: without --name, the key is named after its id, and
// a second key goes into the same file.
func TestNewDefaultName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	for range 2 {
		var o out
		if err := New(context.Background(), Config{File: path, Scopes: "ops", Out: o.output()}); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := auth.LoadFile(path, nil)
	if err != nil || len(recs) != 2 || recs[0].Name != "key-"+recs[0].KeyID() || recs[1].Name != "key-"+recs[1].KeyID() {
		t.Fatalf("records %v, %v", recs, err)
	}
}

// TestNewRefuses: a bad configuration or a taken name prints no key and
// leaves the file as it was.
func TestNewRefuses(t *testing.T) {
	dir := t.TempDir()
	taken := filepath.Join(dir, "taken")
	var first out
	if err := New(context.Background(), Config{File: taken, Name: "a", Scopes: "ops", Out: first.output()}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(taken)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		cfg  Config
		err  error
	}{
		{"no file", context.Background(), Config{Scopes: "ops"}, nil},
		{"no scopes", context.Background(), Config{File: filepath.Join(dir, "x")}, auth.ErrNoScopes},
		{"unknown scope", context.Background(), Config{File: filepath.Join(dir, "x"), Scopes: "ops,admin"}, auth.ErrUnknownScope},
		{"bad name", context.Background(), Config{File: filepath.Join(dir, "x"), Name: "a b", Scopes: "ops"}, auth.ErrName},
		{"cancelled", cancelled, Config{File: filepath.Join(dir, "x"), Scopes: "ops"}, context.Canceled},
		{"name taken", context.Background(), Config{File: taken, Name: "a", Scopes: "ops"}, auth.ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o out
			tt.cfg.Out = o.output()
			err := New(tt.ctx, tt.cfg)
			if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Fatalf("New: %v, want %v", err, tt.err)
			}
			if o.stdout.Len() != 0 {
				t.Fatalf("printed %q", o.stdout.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "x")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused command created the file: %v", err)
	}
	if after, _ := os.ReadFile(taken); string(after) != string(before) {
		t.Fatal("a refused command changed the file")
	}
}

// failingWriter is a standard output that is closed.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

// TestNewPrintFails: a key that could not be printed is in the file, and
// the error names it (by name and id) so that it can be deleted.
func TestNewPrintFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	var o out
	err := New(context.Background(), Config{File: path, Name: "lost", Scopes: "ops", Out: cli.Output{Stdout: failingWriter{}, Stderr: &o.stderr}})
	recs, _ := auth.LoadFile(path, nil)
	if !errors.Is(err, os.ErrClosed) || len(recs) != 1 || !strings.Contains(err.Error(), "lost") || !strings.Contains(err.Error(), recs[0].KeyID()) {
		t.Fatalf("New: %v, records %v", err, recs)
	}
}
