package streams

import (
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/IBM/sarama"
)

// flattened wraps err as goka does, with %v: only its text is left.
func flattened(err error) error { return fmt.Errorf("Error getting config for topic t: %v", err) }

// refused is the error of a dial to a broker that was just killed.
var refused = &net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}

// TestPermanentAdminError: the causes that a retry cannot change are
// permanent, wrapped with %w or flattened by goka's %v; a broker that is
// down, just killed or electing a leader is not.
func TestPermanentAdminError(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", flattened(refused), false},
		{"connection dropped", flattened(io.EOF), false},
		{"out of brokers", flattened(sarama.Wrap(sarama.ErrOutOfBrokers, refused)), false},
		{"out of brokers, wrapped", fmt.Errorf("topics: %w", sarama.Wrap(sarama.ErrOutOfBrokers, refused)), false},
		{"leader not available", flattened(sarama.ErrLeaderNotAvailable), false},
		{"not controller", flattened(sarama.ErrNotController), false},
		{"request timed out", flattened(sarama.ErrRequestTimedOut), false},
		{"fewer live brokers than replicas", flattened(sarama.ErrInvalidReplicationFactor), false},
		{"nil", nil, false},

		{"topic mismatch", fmt.Errorf("topic t: %w", ErrTopicMismatch), true},
		{"topic mismatch among transient ones", errors.Join(flattened(refused), fmt.Errorf("topic t: %w", ErrTopicMismatch)), true},
		{"invalid streams config", fmt.Errorf("%w: partitions", ErrInvalidConfig), true},
		{"topic ACL", flattened(sarama.ErrTopicAuthorizationFailed), true},
		{"cluster ACL", flattened(sarama.ErrClusterAuthorizationFailed), true},
		{"cluster ACL, wrapped", fmt.Errorf("create: %w", sarama.ErrClusterAuthorizationFailed), true},
		{"SASL login", flattened(sarama.Wrap(sarama.ErrOutOfBrokers, sarama.Wrap(sarama.ErrSASLAuthenticationFailed, errors.New("invalid credentials")))), true},
		{"SASL mechanism", flattened(sarama.ErrUnsupportedSASLMechanism), true},
		{"sarama configuration", fmt.Errorf("client: %w", sarama.ConfigurationError("Net.SASL.User must not be empty")), true},
		{"sarama configuration, flattened", flattened(sarama.ConfigurationError("Net.SASL.User must not be empty")), true},
		{"broker config refused", flattened(sarama.ErrInvalidConfig), true},
		{"untrusted certificate", fmt.Errorf("dial: %w", x509.UnknownAuthorityError{}), true},
		{"untrusted certificate, flattened", flattened(errors.New("tls: failed to verify certificate: x509: certificate signed by unknown authority")), true},
		{"no TLS on the port", flattened(errors.New("tls: first record does not look like a TLS handshake")), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := PermanentAdminError(c.err); got != c.want {
				t.Errorf("PermanentAdminError(%v) = %v, want %v", c.err, got, c.want)
			}
		})
	}
}
