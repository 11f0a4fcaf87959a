package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/txstream/txstream/edge/auth"
)

// TestAPIKeyNew: apikey new appends a record to --file and prints the key
// alone on the first line of standard output; the file then authenticates
// that key with the scopes given, under the name given, and holds no key.
func TestAPIKeyNew(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys.jsonl")
	var out, errOut strings.Builder
	args := []string{"apikey", "new", "--scopes", "transactions:write,ops", "--name", "ingest", "--file", file}
	if code := run(context.Background(), args, stdio{stdout: &out, stderr: &errOut, lookupEnv: envMap{}.lookup}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	key := strings.TrimSuffix(out.String(), "\n")
	if key == "" || strings.Contains(key, "\n") {
		t.Fatalf("stdout %q: want the key alone on one line", out.String())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), key) || strings.Contains(errOut.String(), key) {
		t.Error("the key itself is in the file or on standard error")
	}
	keys, err := auth.Open(auth.Config{File: file})
	if err != nil {
		t.Fatal(err)
	}
	p, err := keys.Authenticate([]byte("Bearer " + key))
	if err != nil {
		t.Fatalf("the printed key does not authenticate: %v", err)
	}
	if p.Name != "ingest" || !p.Scopes.Has(auth.TransactionsWrite) || !p.Scopes.Has(auth.Ops) || p.Scopes.Has(auth.RatesWrite) {
		t.Errorf("principal %+v: want ingest with transactions:write and ops only", p)
	}
}

// TestAPIKeyNewUsage: mistakes are usage errors (exit 2) on one line, and
// no file is created for them.
func TestAPIKeyNewUsage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys.jsonl")
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no subcommand": {[]string{"apikey"}, "apikey new"},
		"no file":       {[]string{"apikey", "new", "--scopes", "ops"}, "--file"},
		"no scopes":     {[]string{"apikey", "new", "--file", file}, "--scopes"},
		"unknown scope": {[]string{"apikey", "new", "--file", file, "--scopes", "admin"}, `"admin"`},
		"a setting":     {[]string{"apikey", "new", "--file", file, "--scopes", "ops", "--brokers", "x:1"}, "--brokers"},
	} {
		t.Run(name, func(t *testing.T) {
			var errOut strings.Builder
			code := run(context.Background(), tc.args, stdio{stdout: &strings.Builder{}, stderr: &errOut, lookupEnv: envMap{}.lookup})
			if code != exitUsage || !strings.Contains(errOut.String(), tc.want) || strings.Count(errOut.String(), "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want %d and one line naming %s", code, errOut.String(), exitUsage, tc.want)
			}
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				t.Errorf("the key file exists after a mistake: %v", err)
			}
		})
	}
}
