package testenv

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// PKI is a throwaway certificate authority with a loopback server
// certificate (localhost, 127.0.0.1, ::1) and a client certificate, as PEM
// files in a directory of the test's, for listeners, brokers and Redis
// that the test serves over TLS.
type PKI struct {
	Dir                   string
	CAFile                string
	ServerCert, ServerKey string
	ClientCert, ClientKey string
	CA                    *x509.Certificate
	caKey                 *ecdsa.PrivateKey
}

// NewPKI issues the CA and both certificates into a fresh directory.
func NewPKI(t testing.TB) *PKI {
	t.Helper()
	dir := t.TempDir()
	p := &PKI{
		Dir:        dir,
		CAFile:     filepath.Join(dir, "ca.pem"),
		ServerCert: filepath.Join(dir, "server.pem"),
		ServerKey:  filepath.Join(dir, "server-key.pem"),
		ClientCert: filepath.Join(dir, "client.pem"),
		ClientKey:  filepath.Join(dir, "client-key.pem"),
	}
	p.CA, p.caKey = newCA(t, "txstream test CA")
	writePEM(t, p.CAFile, "CERTIFICATE", p.CA.Raw)
	p.RenewServer(t)
	p.Issue(t, "txstream test client", p.ClientCert, p.ClientKey, x509.ExtKeyUsageClientAuth)
	return p
}

// RenewServer issues a new server certificate (a new key, a new serial)
// over the old files, each replaced by a rename, and returns its serial.
func (p *PKI) RenewServer(t testing.TB) *big.Int {
	t.Helper()
	return p.Issue(t, "localhost", p.ServerCert, p.ServerKey, x509.ExtKeyUsageServerAuth)
}

// Issue signs a certificate for cn with the CA (valid for the loopback
// names) and writes it and its key; it returns the serial.
func (p *PKI) Issue(t testing.TB, cn, certFile, keyFile string, usage x509.ExtKeyUsage) *big.Int {
	t.Helper()
	key := newKey(t)
	tmpl := template(t, cn)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{usage}
	tmpl.DNSNames = []string{"localhost"}
	tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, p.CA, &key.PublicKey, p.caKey)
	if err != nil {
		t.Fatalf("issue %s: %v", cn, err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatalf("marshal key of %s: %v", cn, err)
	}
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	writePEM(t, certFile, "CERTIFICATE", der)
	return tmpl.SerialNumber
}

// Pool is a pool holding the CA alone.
func (p *PKI) Pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.CA)
	return pool
}

// TrustOnly is a client configuration that trusts the CA and presents no
// certificate.
func (p *PKI) TrustOnly() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: p.Pool()}
}

// ClientTLS is TrustOnly with the client certificate, for mutual TLS.
func (p *PKI) ClientTLS(t testing.TB) *tls.Config {
	t.Helper()
	cfg := p.TrustOnly()
	cfg.Certificates = []tls.Certificate{p.keyPair(t, p.ClientCert, p.ClientKey)}
	return cfg
}

// ServerTLS is a static server configuration with the server certificate,
// for a broker or Redis the test serves (no client certificate asked).
func (p *PKI) ServerTLS(t testing.TB) *tls.Config {
	t.Helper()
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{p.keyPair(t, p.ServerCert, p.ServerKey)}}
}

func (p *PKI) keyPair(t testing.TB, certFile, keyFile string) tls.Certificate {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		t.Fatalf("load %s: %v", certFile, err)
	}
	return cert
}

func newCA(t testing.TB, cn string) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key := newKey(t)
	tmpl := template(t, cn)
	tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	tmpl.BasicConstraintsValid, tmpl.IsCA = true, true
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("create CA: %v", err)
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("parse CA: %v", err)
	}
	return ca, key
}

// template is what every certificate of the PKI shares: a fresh random
// serial and a day of validity from an hour ago (clock skew).
func template(t testing.TB, cn string) *x509.Certificate {
	t.Helper()
	return &x509.Certificate{
		SerialNumber: newSerial(t),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
	}
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generate key: %v", err)
	}
	return key
}

func newSerial(t testing.TB) *big.Int {
	t.Helper()
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		t.Fatalf("serial: %v", err)
	}
	return n
}

// writePEM writes one PEM block to path by a rename, so that a watcher
// never reads half a file.
func writePEM(t testing.TB, path, kind string, der []byte) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatalf("write %s: %v", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatalf("rename %s: %v", tmp, err)
	}
}
