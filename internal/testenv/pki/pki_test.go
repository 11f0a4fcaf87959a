package pki

import (
	"crypto/tls"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
)

// TestServerNamesAndClient: a client that trusts only the CA accepts the
// server under every loopback name, the server accepts the client
// certificate, and a second PKI's CA trusts neither.
func TestServerNamesAndClient(t *testing.T) {
	f, err := Write(filepath.Join(t.TempDir(), "a"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := Write(filepath.Join(t.TempDir(), "b"))
	if err != nil {
		t.Fatal(err)
	}
	server := leaf(t, f.ServerCert)
	client := leaf(t, f.ClientCert)
	roots, err := CertPool(f.CA)
	if err != nil {
		t.Fatal(err)
	}
	strangers, err := CertPool(other.CA)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"localhost", "127.0.0.1", "::1"} {
		if _, err := server.Verify(x509.VerifyOptions{Roots: roots, DNSName: name}); err != nil {
			t.Errorf("server as %s: %v", name, err)
		}
	}
	if _, err := server.Verify(x509.VerifyOptions{Roots: roots, DNSName: "example.com"}); err == nil {
		t.Error("server certificate valid for example.com")
	}
	clientUse := x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if _, err := client.Verify(clientUse); err != nil {
		t.Errorf("client certificate: %v", err)
	}
	if _, err := server.Verify(x509.VerifyOptions{Roots: strangers, DNSName: "localhost"}); err == nil {
		t.Error("another PKI's CA trusts this server")
	}
}

// TestHandshake: a TLS server on the server pair and f.ClientTLS complete a
// mutual handshake on 127.0.0.1.
func TestHandshake(t *testing.T) {
	f, err := Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.LoadX509KeyPair(f.ServerCert, f.ServerKey)
	if err != nil {
		t.Fatal(err)
	}
	roots, err := CertPool(f.CA)
	if err != nil {
		t.Fatal(err)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair},
		ClientCAs: roots, ClientAuth: tls.RequireAndVerifyClientCert})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	served := make(chan error, 1)
	go func() {
		c, err := l.Accept()
		if err == nil {
			err = c.(*tls.Conn).Handshake()
			c.Close()
		}
		served <- err
	}()
	cfg, err := f.ClientTLS()
	if err != nil {
		t.Fatal(err)
	}
	c, err := tls.Dial("tcp", l.Addr().String(), cfg)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.Close()
	if err := <-served; err != nil {
		t.Fatalf("server handshake: %v", err)
	}
}

func TestKeysPrivate(t *testing.T) {
	f, err := Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{f.CAKey, f.ServerKey, f.ServerKeystore, f.ClientKey} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), st.Mode().Perm())
		}
	}
}

func TestCertPoolRejectsNonPEM(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.pem")
	if err := os.WriteFile(p, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := CertPool(p); err == nil {
		t.Fatal("CertPool accepted a file without a certificate")
	}
}

func leaf(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	pair, err := tls.LoadX509KeyPair(path, path[:len(path)-len(".pem")]+"-key.pem")
	if err != nil {
		t.Fatal(err)
	}
	return pair.Leaf
}
