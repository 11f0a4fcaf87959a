package testenv

import (
	"crypto/tls"
	"crypto/x509"
	"math/big"
	"testing"

	"github.com/txstream/txstream/internal/testenv/pki"
)

// PKI is a throwaway certificate authority with a loopback server
// certificate (localhost, 127.0.0.1, ::1) and a client certificate, as PEM
// files in a directory of the test's (written by internal/testenv/pki, the
// one implementation that TestPKI and kafka.sh's probe share), with the
// client and server configurations a test builds from them.
type PKI struct {
	*pki.Files
	pool *x509.CertPool
}

// NewPKI issues the CA and both certificates into a fresh directory.
func NewPKI(t testing.TB) *PKI {
	t.Helper()
	f := TestPKI(t)
	pool, err := pki.CertPool(f.CA)
	if err != nil {
		t.Fatalf("CA pool: %v", err)
	}
	return &PKI{Files: f, pool: pool}
}

// RenewServer issues a new server certificate (a new key, a new serial)
// over the old files, each replaced by a rename, and returns its serial.
func (p *PKI) RenewServer(t testing.TB) *big.Int {
	t.Helper()
	serial, err := p.Files.RenewServer()
	if err != nil {
		t.Fatalf("renew server certificate: %v", err)
	}
	return serial
}

// Pool is a pool holding the CA alone.
func (p *PKI) Pool() *x509.CertPool { return p.pool }

// TrustOnly is a client configuration that trusts the CA and presents no
// certificate.
func (p *PKI) TrustOnly() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: p.pool}
}

// ClientTLS is TrustOnly with the client certificate, for mutual TLS.
func (p *PKI) ClientTLS(t testing.TB) *tls.Config {
	t.Helper()
	return ClientTLS(t, p.Files)
}

// ServerTLS is a static server configuration with the server certificate,
// for a broker or Redis the test serves (no client certificate asked).
func (p *PKI) ServerTLS(t testing.TB) *tls.Config {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(p.ServerCert, p.ServerKey)
	if err != nil {
		t.Fatalf("load %s: %v", p.ServerCert, err)
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
}
