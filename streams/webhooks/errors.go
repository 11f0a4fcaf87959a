package webhooks

import "errors"

var (
	// ErrForbiddenAddress is returned by Guard.CheckHost (and so by
	// Registrar.Register) and by every connection attempt when an address
	// is loopback, link-local, private or otherwise special-purpose, and
	// private addresses are not allowed.
	ErrForbiddenAddress = errors.New("webhook address not allowed")
	// ErrUnresolvable is returned by Guard.CheckHost when the host has no
	// address.
	ErrUnresolvable = errors.New("webhook host does not resolve")
	// ErrInvalidOptions is returned by Options.Validate.
	ErrInvalidOptions = errors.New("invalid webhook options")
)
