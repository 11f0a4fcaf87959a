package transactions

import (
	"crypto/sha256"
	"encoding/hex"
)

// localFingerprint identifies a request that domain.NewTransactionRequested
// refused (so domain computed no fingerprint) and carried none. It lets a
// redelivery of the same bad message be told from another message with the
// same id. The "kind:" prefix keeps it from ever equalling a domain
// fingerprint, which is bare hex: a valid request reusing the id is a
// conflict.
func localFingerprint(kind string, fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return kind + ":" + hex.EncodeToString(h.Sum(nil)[:16])
}
