package streams

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"strings"

	"github.com/txstream/txstream/internal/credential"
)

// Security is how every Kafka client of txstream reaches the brokers: the
// kgo clients through ClientOptions, goka's sarama clients through
// Config.Sarama. The zero value is plaintext without a login.
type Security struct {
	// TLS, when not nil, encrypts every connection; the clients clone it
	// per dial and name the broker's host when it names no server
	// (tlsfiles.ClientFiles.Config builds one).
	TLS  *tls.Config
	SASL SASL
}

// SASL is the login of every client. No Mechanism: no login.
type SASL struct {
	Mechanism SASLMechanism
	User      string
	// Password is read from a file (credential.ReadPasswordFile) and
	// prints as [redacted].
	Password credential.Password
}

// SASLMechanism names a SASL mechanism as Kafka does.
type SASLMechanism string

// The mechanisms txstream's clients speak.
const (
	SASLNone        SASLMechanism = ""
	SASLPlain       SASLMechanism = "PLAIN"
	SASLScramSHA256 SASLMechanism = "SCRAM-SHA-256"
	SASLScramSHA512 SASLMechanism = "SCRAM-SHA-512"
)

// ParseSASLMechanism reads a mechanism's name, in any case; "" and "none"
// are SASLNone.
func ParseSASLMechanism(s string) (SASLMechanism, error) {
	switch m := SASLMechanism(strings.ToUpper(s)); m {
	case SASLNone, "NONE":
		return SASLNone, nil
	case SASLPlain, SASLScramSHA256, SASLScramSHA512:
		return m, nil
	}
	return "", fmt.Errorf("%w: %q; want PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512", ErrSASLMechanism, s)
}

// Validate reports a login that cannot work or would leak. PLAIN sends
// the password as it is, so it needs TLS; a user or password without a
// mechanism is a setting that would be ignored.
func (s Security) Validate() error {
	if _, err := ParseSASLMechanism(string(s.SASL.Mechanism)); err != nil {
		return fmt.Errorf("%w: kafka sasl mechanism: %w", ErrInvalidConfig, err)
	}
	login := s.SASL.User != "" || !s.SASL.Password.IsZero()
	switch {
	case s.SASL.Mechanism == SASLNone && login:
		return fmt.Errorf("%w: kafka sasl user or password given without a mechanism", ErrInvalidConfig)
	case s.SASL.Mechanism != SASLNone && (s.SASL.User == "" || s.SASL.Password.IsZero()):
		return fmt.Errorf("%w: kafka sasl %s needs a user and a password", ErrInvalidConfig, s.SASL.Mechanism)
	case s.SASL.Mechanism == SASLPlain && s.TLS == nil:
		return fmt.Errorf("%w: kafka sasl PLAIN without TLS would send the password in the clear", ErrInvalidConfig)
	}
	return nil
}

// LogValue says whether TLS is on and who logs in how, without the
// password.
func (s Security) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Bool("tls", s.TLS != nil),
		slog.String("sasl", string(s.SASL.Mechanism)),
		slog.String("user", s.SASL.User),
	)
}
