package streams

import (
	"crypto/sha256"
	"encoding/hex"
)

// LocalFingerprint identifies a request that domain refused (so domain
// computed no fingerprint) and that carried none, so that a processor can
// tell a redelivery of the same bad message (a duplicate) from another
// message under its id (a conflict). The "kind:" prefix keeps it from ever
// equalling a domain fingerprint, which is bare hex: a valid request
// reusing the id is a conflict.
func LocalFingerprint(kind string, fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return kind + ":" + hex.EncodeToString(h.Sum(nil)[:16])
}
