// Package pki writes a throwaway certificate authority, a server certificate
// for loopback (localhost, 127.0.0.1, ::1) and a client certificate as PEM
// files, for the test broker, the test redis-server and their clients. It is
// the one implementation behind testenv.TestPKI and the kafka.sh probe's
// `pki` command, so the scripts and the Go tests trust the same kind of
// files. Nothing here is fit for production: the keys are unencrypted and
// the CA signs anything it is given.
package pki

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Files are the paths Write wrote, all PEM. Keys are PKCS#8 and mode 0600.
type Files struct {
	Dir        string
	CA         string // the CA certificate: what clients and servers trust
	CAKey      string // the CA's key, to sign more (e.g. a rogue test's)
	ServerCert string // the server certificate alone
	ServerKey  string // the server key alone (redis-server, tls-key-file)
	// ServerKeystore is the server key followed by its certificate chain in
	// one file: what Kafka reads with ssl.keystore.type=PEM and
	// ssl.keystore.location.
	ServerKeystore string
	ClientCert     string
	ClientKey      string
}

// ErrNoCA is returned by ClientTLS when the CA file holds no certificate.
var ErrNoCA = errors.New("pki: no CA certificate in the file")

// Write creates dir (0700) and writes a fresh CA, server and client pair into
// it. Every call makes new keys; nothing is reused between runs.
func Write(dir string) (*Files, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("pki dir: %w", err)
	}
	ca, err := newCA()
	if err != nil {
		return nil, err
	}
	server, err := ca.issue("txstream test server", true)
	if err != nil {
		return nil, err
	}
	client, err := ca.issue("txstream test client", false)
	if err != nil {
		return nil, err
	}
	f := paths(dir)
	writes := []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{f.CA, ca.certPEM, 0o644},
		{f.CAKey, ca.keyPEM, 0o600},
		{f.ServerCert, server.certPEM, 0o644},
		{f.ServerKey, server.keyPEM, 0o600},
		{f.ServerKeystore, append(append([]byte{}, server.keyPEM...), server.certPEM...), 0o600},
		{f.ClientCert, client.certPEM, 0o644},
		{f.ClientKey, client.keyPEM, 0o600},
	}
	for _, w := range writes {
		if err := os.WriteFile(w.path, w.data, w.mode); err != nil {
			return nil, fmt.Errorf("pki write %s: %w", filepath.Base(w.path), err)
		}
	}
	return f, nil
}

func paths(dir string) *Files {
	at := func(name string) string { return filepath.Join(dir, name) }
	return &Files{
		Dir: dir, CA: at("ca.pem"), CAKey: at("ca-key.pem"),
		ServerCert: at("server.pem"), ServerKey: at("server-key.pem"),
		ServerKeystore: at("server-keystore.pem"),
		ClientCert:     at("client.pem"), ClientKey: at("client-key.pem"),
	}
}

// ClientTLS is a client configuration that trusts only the CA and presents
// the client certificate (for servers that ask for one).
func (f *Files) ClientTLS() (*tls.Config, error) {
	pool, err := CertPool(f.CA)
	if err != nil {
		return nil, err
	}
	cert, err := tls.LoadX509KeyPair(f.ClientCert, f.ClientKey)
	if err != nil {
		return nil, fmt.Errorf("pki client pair: %w", err)
	}
	return &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// CertPool reads a PEM file of CA certificates into a pool.
func CertPool(caFile string) (*x509.CertPool, error) {
	data, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("pki CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, fmt.Errorf("%w: %s", ErrNoCA, caFile)
	}
	return pool, nil
}
