package tlsfiles_test

import (
	"errors"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/internal/tlsfiles"
)

func TestClientFilesReachMutualTLSServer(t *testing.T) {
	p := testenv.NewPKI(t)
	s, _ := newServer(t, tlsfiles.ServerFiles{Cert: p.ServerCert, Key: p.ServerKey, ClientCA: p.CA})
	addr := serve(t, s.Config())

	withCert, err := tlsfiles.ClientFiles{CA: p.CA, Cert: p.ClientCert, Key: p.ClientKey}.Config()
	if err != nil {
		t.Fatal(err)
	}
	if body, err := get("https://"+addr+"/", withCert); err != nil || body != "ok" {
		t.Fatalf("with the client certificate: %q, %v", body, err)
	}
	caOnly, err := tlsfiles.ClientFiles{CA: p.CA}.Config()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := get("https://"+addr+"/", caOnly); err == nil {
		t.Fatal("without a client certificate the server answered")
	}
	wrongName, err := tlsfiles.ClientFiles{CA: p.CA, Cert: p.ClientCert, Key: p.ClientKey, ServerName: "kafka.example"}.Config()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := get("https://"+addr+"/", wrongName); err == nil {
		t.Fatal("a server name the certificate does not carry was accepted")
	}
}

func TestClientFilesRefused(t *testing.T) {
	p := testenv.NewPKI(t)
	for _, tc := range []struct {
		name  string
		files tlsfiles.ClientFiles
		want  error
	}{
		{"certificate without key", tlsfiles.ClientFiles{Cert: p.ClientCert}, tlsfiles.ErrIncomplete},
		{"CA file without a certificate", tlsfiles.ClientFiles{CA: p.ClientKey}, tlsfiles.ErrNoCertificate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.files.Config(); !errors.Is(err, tc.want) {
				t.Fatalf("Config: %v, want %v", err, tc.want)
			}
		})
	}
}
