package cache

import (
	"crypto/tls"
	"fmt"
	"log/slog"

	"github.com/txstream/txstream/internal/credential"
)

// Security is how the cache's client reaches Redis: an ACL login and TLS.
// The zero value is plaintext without a login.
type Security struct {
	// User is the Redis ACL user. Empty with a Password logs in as Redis'
	// default user (requirepass).
	User string
	// Password is read from a file (credential.ReadPasswordFile) and
	// prints as [redacted].
	Password credential.Password
	// TLS, when not nil, encrypts the connections
	// (tlsfiles.ClientFiles.Config builds one).
	TLS *tls.Config
}

// Validate refuses a user without a password, which Redis would take for
// a login that cannot succeed.
func (s Security) Validate() error {
	if s.User != "" && s.Password.IsZero() {
		return fmt.Errorf("%w: redis user %s without a password", ErrInvalidConfig, s.User)
	}
	return nil
}

// LogValue says whether TLS is on and who logs in, without the password.
func (s Security) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Bool("tls", s.TLS != nil),
		slog.String("user", s.User),
		slog.Bool("password", !s.Password.IsZero()),
	)
}
