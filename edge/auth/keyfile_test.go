package auth

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	_, a := newKey(t, "a", Ops)
	_, b := newKey(t, "b", TransactionsRead, LogRead)
	lineA, _ := a.MarshalLine()
	lineB, _ := b.MarshalLine()
	sameHash := b
	sameHash.Name = "c"
	lineSameHash, _ := sameHash.MarshalLine()
	rec := func(name, scopes, created, hash string) string {
		return `{"name":"` + name + `","scopes":[` + scopes + `],"created":"` + created + `","sha256":"` + hash + `"}`
	}
	hash := strings.Repeat("ab", 32)
	tests := []struct {
		name  string
		file  string
		names []string
		err   error
		line  int
	}{
		{"two records", fileOf(t, a, b), []string{"a", "b"}, nil, 0},
		{"comments, blanks and spaces", "\n# one\n  \t\n   " + string(lineA) + "  \n\t# two\n" + string(lineB), []string{"a", "b"}, nil, 0},
		{"no newline at the end", string(lineA), []string{"a"}, nil, 0},
		{"empty", "", nil, nil, 0},
		{"hand written", rec("h", `"ops"`, "2026-12-07T04:00:00+01:00", strings.ToUpper(hash)), []string{"h"}, nil, 0},
		{"duplicate name", fileOf(t, a, b, a), nil, ErrDuplicate, 4},
		{"duplicate hash", string(lineB) + "\n" + string(lineSameHash), nil, ErrDuplicate, 2},
		{"comment after a record", string(lineA) + " # a", nil, ErrRecord, 1},
		{"unknown member", `{"name":"x","scopes":["ops"],"created":"2026-12-07T00:00:00Z","sha256":"` + hash + `","key":"txs_x"}`, nil, ErrRecord, 1},
		{"missing member", `{"name":"x","scopes":["ops"],"sha256":"` + hash + `"}`, nil, ErrRecord, 1},
		{"two objects", rec("x", `"ops"`, "2026-12-07T00:00:00Z", hash) + "{}", nil, ErrRecord, 1},
		{"not JSON", "ops txs_abc", nil, ErrRecord, 1},
		{"unknown scope", rec("x", `"ops","admin"`, "2026-12-07T00:00:00Z", hash), nil, ErrUnknownScope, 1},
		{"no scopes", rec("x", ``, "2026-12-07T00:00:00Z", hash), nil, ErrNoScopes, 1},
		{"bad name", rec("x y", `"ops"`, "2026-12-07T00:00:00Z", hash), nil, ErrName, 1},
		{"bad time", rec("x", `"ops"`, "2026-12-07", hash), nil, ErrRecord, 1},
		{"short hash", rec("x", `"ops"`, "2026-12-07T00:00:00Z", hash[:62]), nil, ErrRecord, 1},
		{"long hash", rec("x", `"ops"`, "2026-12-07T00:00:00Z", hash+"ab"), nil, ErrRecord, 1},
		{"not hex", rec("x", `"ops"`, "2026-12-07T00:00:00Z", "zz"+hash[2:]), nil, ErrRecord, 1},
		{"line too long", "#" + strings.Repeat("x", maxLine), nil, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, err := ParseKeys("keys", strings.NewReader(tt.file))
			if tt.line != 0 {
				var le *LineError
				if !errors.As(err, &le) || le.Line != tt.line || le.Path != "keys" || (tt.err != nil && !errors.Is(err, tt.err)) {
					t.Fatalf("err %v, want %v on line %d", err, tt.err, tt.line)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, r := range recs {
				names = append(names, r.Name)
			}
			if strings.Join(names, ",") != strings.Join(tt.names, ",") {
				t.Fatalf("names %v, want %v", names, tt.names)
			}
		})
	}
}

// TestParseKeysRoundTrip: a record reads back as it was written.
func TestParseKeysRoundTrip(t *testing.T) {
	_, a := newKey(t, "svc.eu-1@team", TransactionsWrite, ConversionsRead, Ops)
	recs, err := ParseKeys("keys", strings.NewReader(fileOf(t, a)))
	if err != nil || len(recs) != 1 || recs[0] != a {
		t.Fatalf("read back %+v, %v; want %+v", recs, err, a)
	}
}

// TestDuplicateNamesBothLines: the error names the line it found and the
// line it clashes with, and quotes no line.
func TestDuplicateNamesBothLines(t *testing.T) {
	_, a := newKey(t, "a", Ops)
	_, err := ParseKeys("/etc/txstream/keys", strings.NewReader(fileOf(t, a, a)))
	if err == nil || err.Error() != "/etc/txstream/keys:3: duplicate key record: name a already on line 2" {
		t.Fatalf("err %v", err)
	}
}

func TestLoadFileMode(t *testing.T) {
	_, a := newKey(t, "a", Ops)
	tests := []struct {
		mode os.FileMode
		err  error
		warn bool
	}{
		{0o600, nil, false},
		{0o400, nil, false},
		{0o640, nil, true},
		{0o644, nil, true},
		{0o620, ErrFileMode, false},
		{0o602, ErrFileMode, false},
		{0o666, ErrFileMode, false},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keys")
			writeFile(t, path, fileOf(t, a))
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			var warned []string
			recs, err := LoadFile(path, func(s string) { warned = append(warned, s) })
			if !errors.Is(err, tt.err) || (err == nil && len(recs) != 1) {
				t.Fatalf("LoadFile: %v, %v; want %v", recs, err, tt.err)
			}
			if (len(warned) > 0) != tt.warn {
				t.Fatalf("warnings %q, want some: %v", warned, tt.warn)
			}
		})
	}
}

func TestLoadFileEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, "# no keys yet\n\n")
	if _, err := LoadFile(path, nil); !errors.Is(err, ErrNoKeys) {
		t.Fatalf("LoadFile: %v, want ErrNoKeys", err)
	}
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing"), nil); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("LoadFile: %v, want ErrNotExist", err)
	}
}
