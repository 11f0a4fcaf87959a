package tlsfiles

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
)

// pair is one generation of a server's files, immutable once built.
type pair struct {
	cert   *tls.Certificate
	config *tls.Config // what a handshake with this generation uses
	sum    [sha256.Size]byte
}

// loadPair reads every file of f and builds the generation they make.
func loadPair(f ServerFiles) (*pair, error) {
	certPEM, err := readFile("certificate", f.Cert)
	if err != nil {
		return nil, err
	}
	keyPEM, err := readFile("key", f.Key)
	if err != nil {
		return nil, err
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("certificate %s with key %s: %w", f.Cert, f.Key, err)
	}
	h := sha256.New()
	h.Write(certPEM)
	h.Write(keyPEM)
	p := &pair{cert: &cert, config: &tls.Config{MinVersion: MinVersion, Certificates: []tls.Certificate{cert}}}
	if f.ClientCA != "" {
		caPEM, pool, err := loadPool("client CA", f.ClientCA)
		if err != nil {
			return nil, err
		}
		h.Write(caPEM)
		p.config.ClientCAs, p.config.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	h.Sum(p.sum[:0])
	return p, nil
}

// loadPool reads a PEM bundle of CA certificates.
func loadPool(what, path string) ([]byte, *x509.CertPool, error) {
	data, err := readFile(what, path)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, nil, fmt.Errorf("%s %s: %w", what, path, ErrNoCertificate)
	}
	return data, pool, nil
}

func readFile(what, path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return data, nil
}
