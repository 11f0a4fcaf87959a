package auth

import (
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"
)

// Record is one key as the key file holds it: never the key, only its
// hash.
type Record struct {
	Name    string    // unique in the file; logged on every write (audit)
	Scopes  ScopeSet  // what the key may do
	Created time.Time // UTC, second precision (RFC 3339 in the file)
	Hash    Hash      // SHA-256 of the key
}

// NewRecord generates a key and its record. The key is returned once,
// for the operator; the record holds only its hash. An empty name becomes
// "key-" and the key's ID.
func NewRecord(name string, scopes ScopeSet, now time.Time) (key string, rec Record, err error) {
	if scopes == 0 {
		return "", Record{}, ErrNoScopes
	}
	key, err = GenerateKey()
	if err != nil {
		return "", Record{}, err
	}
	rec = Record{Name: name, Scopes: scopes, Created: now.UTC().Truncate(time.Second), Hash: HashKey([]byte(key))}
	if rec.Name == "" {
		rec.Name = "key-" + rec.Hash.ID()
	}
	if err := ValidateName(rec.Name); err != nil {
		return "", Record{}, err
	}
	return key, rec, nil
}

// KeyID is the record's short, non-secret key id (Hash.ID).
func (r Record) KeyID() string { return r.Hash.ID() }

// String names the key for a log: name, key id and scopes, never the hash.
// The hash is not a secret, but nothing gains from printing it, and a
// line without it cannot be mistaken for one with a key.
func (r Record) String() string {
	return fmt.Sprintf("%s (key id %s, scopes %s)", r.Name, r.KeyID(), r.Scopes)
}

// LogValue is what slog prints for a Record: the same fields as String.
func (r Record) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", r.Name), slog.String("key_id", r.KeyID()), slog.String("scopes", r.Scopes.String()))
}

// namePattern keeps names to what an audit line can print without
// quoting: a name comes from an operator's command line and ends up in
// every write's log line, so no spaces, quotes or control characters.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// ValidateName checks a key name: 1 to 64 characters of letters, digits
// and . _ @ -, starting with a letter or digit.
func ValidateName(name string) error {
	if strings.HasPrefix(name, KeyPrefix) {
		// Most likely a key pasted in the wrong place: refused, and not
		// quoted back, so that the error does not print it.
		return fmt.Errorf("%w: a name may not start with %q", ErrName, KeyPrefix)
	}
	if !namePattern.MatchString(name) {
		return fmt.Errorf("%w %q: 1 to 64 of A-Z a-z 0-9 . _ @ -, starting with a letter or digit", ErrName, name)
	}
	return nil
}
