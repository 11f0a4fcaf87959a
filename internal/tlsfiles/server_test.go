package tlsfiles_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/internal/tlsfiles"
)

func TestServerHTTPSOnly(t *testing.T) {
	p := testenv.NewPKI(t)
	s, _ := newServer(t, serverFiles(p))
	addr := serve(t, s.Config())

	if body, err := get("http://"+addr+"/", nil); err == nil {
		t.Fatalf("plain HTTP answered %q, want a refused request", body)
	}
	if _, err := get("https://"+addr+"/", nil); err == nil {
		t.Fatal("HTTPS without the CA succeeded, want an unknown authority")
	}
	body, err := get("https://"+addr+"/", p.TrustOnly())
	if err != nil || body != "ok" {
		t.Fatalf("HTTPS trusting the CA: %q, %v", body, err)
	}
}

func TestServerMutualTLS(t *testing.T) {
	p := testenv.NewPKI(t)
	files := serverFiles(p)
	files.ClientCA = p.CA
	s, _ := newServer(t, files)
	addr := serve(t, s.Config())

	if body, err := get("https://"+addr+"/", p.TrustOnly()); err == nil {
		t.Fatalf("no client certificate answered %q, want a refusal", body)
	}
	other := testenv.NewPKI(t) // a client certificate of another CA
	if body, err := get("https://"+addr+"/", other.ClientTLS(t)); err == nil {
		t.Fatalf("a client certificate of another CA answered %q, want a refusal", body)
	}
	body, err := get("https://"+addr+"/", p.ClientTLS(t))
	if err != nil || body != "ok" {
		t.Fatalf("with the client certificate: %q, %v", body, err)
	}
}

func TestNewServerRefusesBrokenFiles(t *testing.T) {
	p := testenv.NewPKI(t)
	empty := filepath.Join(t.TempDir(), "empty.pem")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		files tlsfiles.ServerFiles
		want  error
	}{
		{"no key", tlsfiles.ServerFiles{Cert: p.ServerCert}, tlsfiles.ErrIncomplete},
		{"missing file", tlsfiles.ServerFiles{Cert: p.ServerCert, Key: p.ServerKey + ".gone"}, os.ErrNotExist},
		{"key of another certificate", tlsfiles.ServerFiles{Cert: p.ServerCert, Key: p.ClientKey}, nil},
		{"empty client CA", tlsfiles.ServerFiles{Cert: p.ServerCert, Key: p.ServerKey, ClientCA: empty}, tlsfiles.ErrNoCertificate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tlsfiles.NewServer(tc.files, nil)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("NewServer: %v, want %v", err, tc.want)
			}
		})
	}
}
