package pki

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"math/big"
	"os"
)

// RenewServer issues a new server certificate and key (a new serial) with
// the CA in f and writes both over the old files, each by a rename so a
// watcher never reads half a file; it returns the new serial. Tests of
// certificate reloading use it.
func (f *Files) RenewServer() (*big.Int, error) {
	ca, err := f.loadCA()
	if err != nil {
		return nil, err
	}
	server, err := ca.issue("txstream test server", true)
	if err != nil {
		return nil, err
	}
	if err := replace(f.ServerKey, server.keyPEM); err != nil {
		return nil, err
	}
	if err := replace(f.ServerCert, server.certPEM); err != nil {
		return nil, err
	}
	return server.cert.SerialNumber, nil
}

// loadCA reads back the CA that Write wrote, to sign with it.
func (f *Files) loadCA() (*pair, error) {
	tc, err := tls.LoadX509KeyPair(f.CA, f.CAKey)
	if err != nil {
		return nil, fmt.Errorf("pki CA pair: %w", err)
	}
	cert, err := x509.ParseCertificate(tc.Certificate[0])
	if err != nil {
		return nil, fmt.Errorf("pki CA parse: %w", err)
	}
	key, ok := tc.PrivateKey.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("pki CA key: %T, want ECDSA", tc.PrivateKey)
	}
	return &pair{cert: cert, key: key}, nil
}

// replace writes data to path through a temporary file and a rename.
func replace(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("pki write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("pki rename %s: %w", tmp, err)
	}
	return nil
}
