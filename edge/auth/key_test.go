package auth

import (
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"
)

// keyPattern is what a secret scanner would be given.
var keyPattern = regexp.MustCompile(`^txs_[A-Za-z0-9_-]{43}$`)

func TestGenerateKey(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		key, err := GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		if !keyPattern.MatchString(key) || !wellFormed([]byte(key)) {
			t.Fatalf("key %q has not the documented shape", key)
		}
		if seen[key] {
			t.Fatal("the same key twice")
		}
		seen[key] = true
	}
}

func TestNewRecord(t *testing.T) {
	now := time.Date(2026, 12, 7, 3, 4, 5, 600, time.FixedZone("CET", 3600))
	key, rec, err := NewRecord("", SetOf(Ops), now)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Hash != HashKey([]byte(key)) {
		t.Fatal("the record's hash is not the key's")
	}
	if want := time.Date(2026, 12, 7, 2, 4, 5, 0, time.UTC); !rec.Created.Equal(want) || rec.Created.Location() != time.UTC {
		t.Fatalf("created %v, want %v in UTC", rec.Created, want)
	}
	if rec.Name != "key-"+rec.KeyID() || len(rec.KeyID()) != 8 || rec.KeyID() != hex.EncodeToString(rec.Hash[:4]) {
		t.Fatalf("name %q, key id %q", rec.Name, rec.KeyID())
	}
	if _, _, err := NewRecord("x", 0, now); !errors.Is(err, ErrNoScopes) {
		t.Fatalf("no scopes: %v", err)
	}
	if _, _, err := NewRecord("two words", SetOf(Ops), now); !errors.Is(err, ErrName) {
		t.Fatalf("bad name: %v", err)
	}
}

// TestNoSecretsPrinted: a record and a principal print their name and key
// id, never the key or the hash, whichever way they are printed.
func TestNoSecretsPrinted(t *testing.T) {
	key, rec := newKey(t, "ingest", TransactionsWrite)
	p := rec.principal()
	var log strings.Builder
	slog.New(slog.NewTextHandler(&log, nil)).Info("x", "record", rec, "principal", p)
	hash := hex.EncodeToString(rec.Hash[:])
	for _, s := range []string{rec.String(), fmt.Sprint(rec), fmt.Sprintf("%#v", rec), fmt.Sprintf("%+v", p), p.String(), log.String()} {
		if strings.Contains(s, key) || strings.Contains(s, key[len(KeyPrefix):]) || strings.Contains(s, hash) {
			t.Fatalf("%q prints a secret", s)
		}
		if !strings.Contains(s, "ingest") {
			t.Fatalf("%q does not name the key", s)
		}
	}
}

// TestNameLooksLikeKey: a key given as a name is refused without being
// echoed.
func TestNameLooksLikeKey(t *testing.T) {
	key, _ := newKey(t, "a", Ops)
	err := ValidateName(key)
	if !errors.Is(err, ErrName) || strings.Contains(err.Error(), key[len(KeyPrefix):]) {
		t.Fatalf("ValidateName(key) = %v", err)
	}
}
