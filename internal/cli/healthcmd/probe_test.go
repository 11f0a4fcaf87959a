package healthcmd

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/internal/testenv/pki"
)

func TestRun(t *testing.T) {
	plain := httptest.NewServer(probes(http.StatusOK, http.StatusServiceUnavailable))
	t.Cleanup(plain.Close)
	secure := httptest.NewTLSServer(probes(http.StatusOK, http.StatusOK))
	t.Cleanup(secure.Close)
	other, err := pki.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		cfg     Config
		wantErr string // empty: healthy
		unwell  bool   // the error is ErrUnhealthy
	}{
		{name: "live on the unspecified host", cfg: Config{Addr: ":" + port(t, plain.URL)}},
		{name: "not ready", cfg: Config{Addr: hostPort(t, plain.URL), Ready: true}, wantErr: "503 Service Unavailable: recovering", unwell: true},
		{name: "nothing listening", cfg: Config{Addr: closedAddr(t)}, wantErr: "connection refused"},
		{name: "TLS, its own certificate", cfg: Config{Addr: hostPort(t, secure.URL), Ready: true, TLSCert: certFile(t, secure)}},
		{name: "TLS, another certificate", cfg: Config{Addr: hostPort(t, secure.URL), TLSCert: other.ServerCert}, wantErr: "another certificate"},
		{name: "TLS expected, plain served", cfg: Config{Addr: hostPort(t, plain.URL), TLSCert: certFile(t, secure)}, wantErr: "http: server gave HTTP response to HTTPS client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			tt.cfg.Timeout, tt.cfg.Out = 5*time.Second, cli.Output{Stdout: &out, Stderr: &out}
			if err := tt.cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			err := Run(context.Background(), tt.cfg)
			if tt.wantErr == "" {
				if err != nil || !strings.Contains(out.String(), "200 OK") {
					t.Fatalf("Run = %v, printed %q; want healthy", err, out.String())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Run = %v, want an error with %q", err, tt.wantErr)
			}
			if errors.Is(err, ErrUnhealthy) != tt.unwell {
				t.Errorf("errors.Is(%v, ErrUnhealthy) = %v, want %v", err, !tt.unwell, tt.unwell)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"address off", Config{Timeout: time.Second}, "--metrics-addr is empty"},
		{"no port", Config{Addr: "localhost", Timeout: time.Second}, "missing port"},
		{"mutual TLS", Config{Addr: ":5004", ClientCA: "ca.pem", Timeout: time.Second}, "--tls-client-ca"},
		{"no time", Config{Addr: ":5004"}, "must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.cfg.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate = %v, want an error with %q", err, tt.want)
			}
		})
	}
}

// probes answers /healthz and /readyz with the given codes.
func probes(live, ready int) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(live) })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(ready)
		if ready != http.StatusOK {
			_, _ = w.Write([]byte("recovering\n"))
		}
	})
	return mux
}

func hostPort(t *testing.T, url string) string {
	t.Helper()
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		t.Fatalf("no scheme in %q", url)
	}
	return rest
}

func port(t *testing.T, url string) string {
	t.Helper()
	_, p, err := net.SplitHostPort(hostPort(t, url))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// closedAddr is an address nothing listens on: one that was just freed.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// certFile writes the certificate srv serves to a PEM file.
func certFile(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "cert.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(file, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}
