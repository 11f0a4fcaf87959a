package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// KeyPrefix starts every key, so that secret scanners (GitHub's, gitleaks)
// can be taught one pattern, `txs_[A-Za-z0-9_-]{43}`, to find a leaked
// key in a repository or a log.
const KeyPrefix = "txs_"

// keyBytes is the key's entropy: 256 bits, so that guessing is hopeless
// and a fast hash is enough to store it (see Hash).
const keyBytes = 32

// keyLen is the length of every key: the prefix and 32 bytes in base64url
// without padding.
var keyLen = len(KeyPrefix) + base64.RawURLEncoding.EncodedLen(keyBytes)

// Hash is the SHA-256 of a key, the only form in which a key is stored.
//
// A plain SHA-256 is right here, where a password would need a slow,
// salted hash (argon2, bcrypt): those exist to make guessing a low-entropy
// secret expensive, but a key is 256 random bits that no amount of
// guessing finds, and one hash per request keeps authentication off the
// ingest path's costs. A salt would only stop precomputed tables, which
// cannot cover a 2^256 space either.
type Hash [sha256.Size]byte

// HashKey returns the hash a key is stored and looked up by.
func HashKey(key []byte) Hash { return sha256.Sum256(key) }

// ID is the short, non-secret name of a key for audit lines and the
// operator's notes: the first 8 hex digits of its hash. It tells keys
// apart in a log without saying anything that helps to forge one.
func (h Hash) ID() string { return fmt.Sprintf("%x", h[:4]) }

// GenerateKey returns a fresh random key: KeyPrefix and 32 bytes from
// crypto/rand in base64url without padding.
func GenerateKey() (string, error) {
	var raw [keyBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("random key: %w", err)
	}
	return KeyPrefix + base64.RawURLEncoding.EncodeToString(raw[:]), nil
}

// wellFormed reports whether key has the shape GenerateKey gives, so that
// a token that cannot be a key is refused before it is hashed. The shape
// is public; checking it leaks nothing.
func wellFormed(key []byte) bool {
	if len(key) != keyLen || string(key[:len(KeyPrefix)]) != KeyPrefix {
		return false
	}
	for _, c := range key[len(KeyPrefix):] {
		if !isBase64URL(c) {
			return false
		}
	}
	return true
}

func isBase64URL(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// String prints the key id only: a hash is no secret, but a log line
// that prints no long hex cannot be mistaken for one that leaked a key.
func (h Hash) String() string { return "sha256:" + h.ID() + "…" }

// GoString keeps %#v of a Record as short as its String.
func (h Hash) GoString() string { return h.String() }
