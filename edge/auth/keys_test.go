package auth

import (
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// openKeys opens a Keys on a file holding recs.
func openKeys(t *testing.T, recs ...Record) (*Keys, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, fileOf(t, recs...))
	k, err := Open(Config{File: path})
	if err != nil {
		t.Fatal(err)
	}
	return k, path
}

func TestAuthenticate(t *testing.T) {
	ingestKey, ingest := newKey(t, "ingest", TransactionsWrite, TransactionsRead)
	opsKey, ops := newKey(t, "ops", Ops)
	strangerKey, _ := newKey(t, "stranger", Ops)
	k, _ := openKeys(t, ingest, ops)
	tests := []struct {
		name   string
		header string
		want   Principal
		err    error
	}{
		{"ingest", "Bearer " + ingestKey, ingest.principal(), nil},
		{"ops, scheme in lower case", "bearer " + opsKey, ops.principal(), nil},
		{"no header", "", Principal{}, ErrNoCredentials},
		{"unknown key", "Bearer " + strangerKey, Principal{}, ErrBadCredentials},
		{"other scheme", "Basic " + opsKey, Principal{}, ErrBadCredentials},
		{"without prefix", "Bearer " + opsKey[len(KeyPrefix):], Principal{}, ErrBadCredentials},
		{"one character short", "Bearer " + opsKey[:len(opsKey)-1], Principal{}, ErrBadCredentials},
		{"one character more", "Bearer " + opsKey + "A", Principal{}, ErrBadCredentials},
		{"padded", "Bearer " + opsKey + "=", Principal{}, ErrBadCredentials},
		{"token68 but not base64url", "Bearer txs_" + strings.Repeat("+", 43), Principal{}, ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := k.Authenticate([]byte(tt.header))
			if p != tt.want || !errors.Is(err, tt.err) {
				t.Fatalf("Authenticate = %v, %v; want %v, %v", p, err, tt.want, tt.err)
			}
			if err != nil && strings.Contains(err.Error(), "txs_") {
				t.Fatalf("error %q carries the key", err)
			}
		})
	}
}

func TestAuthorize(t *testing.T) {
	key, rec := newKey(t, "reader", ConversionsRead, LogRead)
	k, _ := openKeys(t, rec)
	for _, sc := range Scopes() {
		p, err := k.Authorize(bearer(key), sc)
		want := sc == ConversionsRead || sc == LogRead
		if want != (err == nil) || want != p.Allows(sc) || (!want && !errors.Is(err, ErrScope)) {
			t.Fatalf("Authorize(%s) = %v, %v", sc, p, err)
		}
		if p.Name != "reader" || p.KeyID != rec.KeyID() {
			t.Fatalf("Authorize(%s) principal %v: the audit needs the name even when refused", sc, p)
		}
	}
	if _, err := k.Authorize(nil, Ops); !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("Authorize without header: %v", err)
	}
}

func TestOpenRefuses(t *testing.T) {
	if _, err := Open(Config{}); err == nil {
		t.Fatal("Open without a file")
	}
	path := filepath.Join(t.TempDir(), "keys")
	writeFile(t, path, "# nothing\n")
	if _, err := Open(Config{File: path}); !errors.Is(err, ErrNoKeys) {
		t.Fatalf("Open on an empty file: %v", err)
	}
}

// TestOpenWarnsReadable: a key file others may read is loaded, and the
// log says so.
func TestOpenWarnsReadable(t *testing.T) {
	_, rec := newKey(t, "a", Ops)
	path := filepath.Join(t.TempDir(), "keys")
	writeFileMode(t, path, fileOf(t, rec), 0o644)
	var log strings.Builder
	k, err := Open(Config{File: path, Log: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil || k.Len() != 1 {
		t.Fatalf("Open: %v", err)
	}
	if !strings.Contains(log.String(), "level=WARN") || !strings.Contains(log.String(), "readable by group or others") {
		t.Fatalf("log %q: want a warning", log.String())
	}
}
