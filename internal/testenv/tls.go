package testenv

import (
	"crypto/tls"
	"path/filepath"
	"testing"

	"github.com/txstream/txstream/internal/testenv/pki"
)

// TestPKI writes a fresh throwaway CA, a server certificate for loopback and
// a client certificate into a directory of the test (internal/testenv/pki,
// which kafka.sh's probe also uses).
func TestPKI(t testing.TB) *pki.Files {
	t.Helper()
	f, err := pki.Write(filepath.Join(t.TempDir(), "pki"))
	if err != nil {
		t.Fatalf("test pki: %v", err)
	}
	return f
}

// ClientTLS is a client configuration that trusts only f's CA and presents
// f's client certificate.
func ClientTLS(t testing.TB, f *pki.Files) *tls.Config {
	t.Helper()
	cfg, err := f.ClientTLS()
	if err != nil {
		t.Fatalf("client tls: %v", err)
	}
	return cfg
}

// TrustOnly is a client configuration that trusts only the CA in caFile and
// presents no certificate.
func TrustOnly(t testing.TB, caFile string) *tls.Config {
	t.Helper()
	pool, err := pki.CertPool(caFile)
	if err != nil {
		t.Fatalf("trust %s: %v", caFile, err)
	}
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}
