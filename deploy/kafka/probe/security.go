package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"

	"github.com/txstream/txstream/internal/testenv/pki"
)

// security is how the probe reaches a SASL_SSL listener: the CA to trust and
// a SASL login whose password is read from a file, so that it never shows
// on a command line.
type security struct {
	ca, mechanism, user, passwordFile string
}

func (s *security) register(fs *flag.FlagSet) {
	fs.StringVar(&s.ca, "tls-ca", "", "PEM CA file: speak TLS and trust only this CA")
	fs.StringVar(&s.mechanism, "sasl-mechanism", "PLAIN", "PLAIN or SCRAM-SHA-512")
	fs.StringVar(&s.user, "sasl-user", "", "SASL user (none: no SASL)")
	fs.StringVar(&s.passwordFile, "sasl-password-file", "", "file holding the SASL user's password")
}

// client is a kgo client of brokers (comma-separated) with these settings.
func (s *security) client(brokers string, extra ...kgo.Opt) (*kgo.Client, error) {
	opts, err := s.opts()
	if err != nil {
		return nil, err
	}
	cl, err := kgo.NewClient(append(append(opts, kgo.SeedBrokers(strings.Split(brokers, ",")...)), extra...)...)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	return cl, nil
}

// opts are the kgo options for these settings; none when no flag was given.
func (s *security) opts() ([]kgo.Opt, error) {
	var opts []kgo.Opt
	if s.ca != "" {
		pool, err := pki.CertPool(s.ca)
		if err != nil {
			return nil, err
		}
		opts = append(opts, kgo.DialTLSConfig(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}))
	}
	if s.user == "" {
		return opts, nil
	}
	m, err := s.sasl()
	if err != nil {
		return nil, err
	}
	return append(opts, kgo.SASL(m)), nil
}

func (s *security) sasl() (sasl.Mechanism, error) {
	if s.mechanism != "PLAIN" && s.mechanism != "SCRAM-SHA-512" {
		return nil, fmt.Errorf("%w: unknown SASL mechanism %q", errUsage, s.mechanism)
	}
	pass, err := readSecret(s.passwordFile)
	if err != nil {
		return nil, err
	}
	if s.mechanism == "PLAIN" {
		return plain.Auth{User: s.user, Pass: pass}.AsMechanism(), nil
	}
	return scram.Auth{User: s.user, Pass: pass}.AsSha512Mechanism(), nil
}

// readSecret reads a password file; one trailing newline is not part of it.
func readSecret(path string) (string, error) {
	if path == "" {
		return "", fmt.Errorf("%w: a SASL user needs -sasl-password-file", errUsage)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("password file: %w", err)
	}
	return strings.TrimSuffix(string(b), "\n"), nil
}
