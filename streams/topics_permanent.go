package streams

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"slices"
	"strings"

	"github.com/IBM/sarama"
)

// PermanentAdminError reports whether err, from EnsureTopics,
// EnsureWebhookTopics, EnsureTables or RatesTopicPartitions, cannot pass
// by waiting: a topic that does not match the configuration, an invalid
// configuration, a login or an ACL that the brokers refuse, a TLS
// handshake that fails. Anything else may be a broker that is down or
// just killed (a refused or reset connection, sarama.ErrOutOfBrokers, a
// timeout, a leader being elected), which a retry can outlast.
//
// The permanent causes are the short list, and everything else is
// retried, because a broker's transient failures come in many shapes
// (net errors, EOF, sarama's and the brokers' retriable codes) while the
// causes that never pass are few and known; the cost of retrying one that
// slipped through is a start that fails after its bound rather than at
// once, with the same error.
//
// goka wraps most of sarama's errors with %v, so errors.Is cannot see
// them; they are also recognised by their text (permanentTexts), as
// CreatedMeanwhile recognises TOPIC_ALREADY_EXISTS.
func PermanentAdminError(err error) bool {
	if err == nil {
		return false
	}
	var conf sarama.ConfigurationError
	if errors.As(err, &conf) || tlsFailure(err) ||
		slices.ContainsFunc(permanentErrors, func(p error) bool { return errors.Is(err, p) }) {
		return true
	}
	msg := err.Error()
	return slices.ContainsFunc(permanentTexts, func(s string) bool { return strings.Contains(msg, s) })
}

// permanentErrors are the causes that a retry cannot change.
// sarama.ErrInvalidReplicationFactor is not one: while a killed broker is
// fenced, a cluster of three has two live brokers and refuses to create a
// topic of three replicas until the broker is back.
var permanentErrors = append([]error{ErrTopicMismatch, ErrInvalidConfig, ErrSASLMechanism}, permanentKafka...)

// permanentKafka are sarama's and the brokers' permanent causes.
var permanentKafka = []error{
	sarama.ErrTopicAuthorizationFailed,
	sarama.ErrGroupAuthorizationFailed,
	sarama.ErrClusterAuthorizationFailed,
	sarama.ErrSASLAuthenticationFailed,
	sarama.ErrUnsupportedSASLMechanism,
	sarama.ErrIllegalSASLState,
	sarama.ErrInvalidConfig,
	sarama.ErrPolicyViolation,
	sarama.ErrInvalidPartitions,
	sarama.ErrInvalidReplicaAssignment,
	sarama.ErrInvalidTopic,
	sarama.ErrUnsupportedVersion,
}

// permanentTexts are how the permanent causes read once goka flattened
// them: permanentKafka's texts, that of every sarama.ConfigurationError,
// and Go's TLS and certificate errors ("tls: ...", "x509: ...").
var permanentTexts = append(errorTexts(permanentKafka), "kafka: invalid configuration (", "tls: ", "x509: ")

func errorTexts(errs []error) []string {
	texts := make([]string, len(errs))
	for i, e := range errs {
		texts[i] = e.Error()
	}
	return texts
}

// tlsFailure reports whether err is a failed TLS handshake: a certificate
// the client does not trust, a server that speaks no TLS, an alert from
// the server (it refused the client's certificate).
func tlsFailure(err error) bool {
	var (
		verify    *tls.CertificateVerificationError
		alert     tls.AlertError
		header    tls.RecordHeaderError
		authority x509.UnknownAuthorityError
		hostname  x509.HostnameError
		invalid   x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &alert) || errors.As(err, &header) ||
		errors.As(err, &authority) || errors.As(err, &hostname) || errors.As(err, &invalid)
}
