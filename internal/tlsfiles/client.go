package tlsfiles

import (
	"crypto/tls"
	"fmt"
)

// ClientFiles names the PEM files of a Kafka or Redis client's TLS.
type ClientFiles struct {
	// CA is the bundle the server's certificate must chain to; empty
	// trusts the system's roots.
	CA string
	// Cert and Key, when set, are the client's certificate for mutual TLS.
	Cert, Key string
	// ServerName, when set, is the name the server's certificate must
	// carry, in place of the host the client dials.
	ServerName string
}

// Config reads the files once. A client certificate that changes needs a
// restart: the clients hold their connections for the process's life.
func (f ClientFiles) Config() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: MinVersion, ServerName: f.ServerName}
	if f.CA != "" {
		_, pool, err := loadPool("CA", f.CA)
		if err != nil {
			return nil, fmt.Errorf("client TLS: %w", err)
		}
		cfg.RootCAs = pool
	}
	if (f.Cert == "") != (f.Key == "") {
		return nil, fmt.Errorf("client TLS: %w", ErrIncomplete)
	}
	if f.Cert != "" {
		cert, err := tls.LoadX509KeyPair(f.Cert, f.Key)
		if err != nil {
			return nil, fmt.Errorf("client TLS: certificate %s with key %s: %w", f.Cert, f.Key, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}
