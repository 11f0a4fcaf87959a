package credential

import (
	"fmt"
	"io"
	"log/slog"
)

const redacted = "[redacted]"

// Password is a secret that never prints: every fmt verb, slog and the
// JSON and text encoders show [redacted]. Reveal gives the secret to the
// client that logs in with it.
type Password string

// Reveal returns the password itself.
func (p Password) Reveal() string { return string(p) }

// IsZero reports whether no password is set.
func (p Password) IsZero() bool { return p == "" }

// Format prints [redacted] for every verb, %#v and %x included.
func (p Password) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// String returns [redacted].
func (p Password) String() string { return redacted }

// LogValue returns [redacted] to slog.
func (p Password) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText returns [redacted], which encoding/json uses too.
func (p Password) MarshalText() ([]byte, error) { return []byte(redacted), nil }
