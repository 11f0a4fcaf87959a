package auth

import (
	"path/filepath"
	"sync/atomic"
)

// Keys is the set of valid keys, read from the key file at Open and again
// by Run whenever the file changes. Authenticate may be called from any
// goroutine; it never waits for a reload.
type Keys struct {
	cfg Config
	set atomic.Pointer[keySet]
}

// Open reads the key file; it fails if the file cannot be read, is
// writable by group or others, or holds an invalid record or no record.
func Open(cfg Config) (*Keys, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	abs, err := filepath.Abs(cfg.File)
	if err != nil {
		return nil, err
	}
	cfg.File = abs
	k := &Keys{cfg: cfg}
	ks, err := loadSet(cfg.File, k.warn)
	if err != nil {
		return nil, err
	}
	k.set.Store(ks)
	return k, nil
}

// Authenticate returns the principal of an Authorization header value:
// ErrNoCredentials when it is empty, ErrBadCredentials when it is not
// "Bearer <token68>" or its token is no key in the file.
//
// The key is found by its SHA-256 in a map, not by comparing it with each
// stored key. A map lookup is not constant-time, but what its timing
// could reveal is where the hash of the presented token falls relative to
// stored hashes, and a hash says nothing about the key it came from
// without a preimage, which SHA-256 does not give; the attacker cannot
// steer the hash of a guess towards a stored one either. So the lookup
// leaks nothing usable, costs the same for ten keys or ten thousand, and
// the only comparison involving the secret is SHA-256 itself, which is
// constant-time in its input's content.
func (k *Keys) Authenticate(header []byte) (Principal, error) {
	token, err := ParseBearer(header)
	if err != nil {
		return Principal{}, err
	}
	if !wellFormed(token) {
		return Principal{}, ErrBadCredentials
	}
	p, ok := k.set.Load().byHash[HashKey(token)]
	if !ok {
		return Principal{}, ErrBadCredentials
	}
	return p, nil
}

// Authorize authenticates the header and requires scope s of its key:
// ErrNoCredentials or ErrBadCredentials (401), or ErrScope (403).
func (k *Keys) Authorize(header []byte, s Scope) (Principal, error) {
	p, err := k.Authenticate(header)
	if err != nil {
		return Principal{}, err
	}
	return p, p.Require(s)
}

// Len is the number of keys in the current set.
func (k *Keys) Len() int { return len(k.set.Load().byHash) }

func (k *Keys) warn(msg string) { k.cfg.Log.Warn(msg) }
