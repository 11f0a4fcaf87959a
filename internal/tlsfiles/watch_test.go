package tlsfiles_test

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/internal/tlsfiles"
)

// run runs s's watcher until the test ends.
func run(t *testing.T, s *tlsfiles.Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
}

// watched serves HTTPS with a Server over files whose watcher runs; it
// returns the address and the reload reports.
func watched(t *testing.T, files tlsfiles.ServerFiles) (string, chan error) {
	t.Helper()
	s, reports := newServer(t, files)
	addr := serve(t, s.Config())
	run(t, s)
	return addr, reports
}

// waitSerial polls fresh handshakes until one shows want.
func waitSerial(t *testing.T, addr string, p *testenv.PKI, want *big.Int) {
	t.Helper()
	testenv.Eventually(t, 10*time.Second, func() bool { return serial(t, addr, p.TrustOnly()).Cmp(want) == 0 },
		"a handshake shows the renewed serial %s", want)
}

func TestServerReloadsRenewedCertificate(t *testing.T) {
	p := testenv.NewPKI(t)
	addr, reports := watched(t, serverFiles(p))
	first := serial(t, addr, p.TrustOnly())

	renewed := p.RenewServer(t)
	if renewed.Cmp(first) == 0 {
		t.Fatal("the renewed certificate kept its serial")
	}
	waitSerial(t, addr, p, renewed)
	drainUntilNil(t, reports)
}

// drainUntilNil waits for the report of a reload that took the new files.
// The key and the certificate are two renames, so a reload between them
// may report a mismatch first.
func drainUntilNil(t *testing.T, reports chan error) {
	t.Helper()
	for nextReport(t, reports) != nil {
	}
}

// nextReport waits for the next reload report.
func nextReport(t *testing.T, reports chan error) error {
	t.Helper()
	select {
	case err := <-reports:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("no reload reported")
		return nil
	}
}

func TestServerKeepsPairWhenNewOneIsBroken(t *testing.T) {
	p := testenv.NewPKI(t)
	addr, reports := watched(t, serverFiles(p))
	before := serial(t, addr, p.TrustOnly())

	if err := os.WriteFile(p.ServerCert, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := nextReport(t, reports); err == nil {
		t.Fatal("a broken certificate was reported as reloaded")
	}
	if got := serial(t, addr, p.TrustOnly()); got.Cmp(before) != 0 {
		t.Fatalf("serial %s after a broken renewal, want the previous %s", got, before)
	}
	waitSerial(t, addr, p, p.RenewServer(t)) // and a good renewal after it is taken
}

// TestServerFollowsKubernetesSecretSwap mounts the files as Kubernetes
// does a Secret: name -> ..data/name, ..data -> a timestamped directory,
// replaced by renaming a new ..data symlink over the old one.
func TestServerFollowsKubernetesSecretSwap(t *testing.T) {
	p := testenv.NewPKI(t)
	mount := t.TempDir()
	swap(t, mount, p)
	for _, name := range []string{"tls.crt", "tls.key", "ca.crt"} {
		if err := os.Symlink(filepath.Join("..data", name), filepath.Join(mount, name)); err != nil {
			t.Fatal(err)
		}
	}
	addr, _ := watched(t, tlsfiles.ServerFiles{
		Cert: filepath.Join(mount, "tls.crt"), Key: filepath.Join(mount, "tls.key"), ClientCA: filepath.Join(mount, "ca.crt"),
	})
	if _, err := get("https://"+addr+"/", p.ClientTLS(t)); err != nil {
		t.Fatalf("before the swap: %v", err)
	}

	renewed := p.RenewServer(t)
	swap(t, mount, p)
	testenv.Eventually(t, 10*time.Second, func() bool {
		return serial(t, addr, p.ClientTLS(t)).Cmp(renewed) == 0
	}, "a handshake shows the swapped serial %s", renewed)
}

// swap copies the PKI's current server files and CA into a new directory
// of mount and points ..data at it by a rename, as the kubelet does.
func swap(t *testing.T, mount string, p *testenv.PKI) {
	t.Helper()
	dir, err := os.MkdirTemp(mount, "..2026_")
	if err != nil {
		t.Fatal(err)
	}
	for name, from := range map[string]string{"tls.crt": p.ServerCert, "tls.key": p.ServerKey, "ca.crt": p.CA} {
		copyFile(t, from, filepath.Join(dir, name))
	}
	tmp := filepath.Join(mount, "..data_tmp")
	if err := os.Symlink(filepath.Base(dir), tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(mount, "..data")); err != nil {
		t.Fatal(err)
	}
}

// TestServerReloadsClientCA: replacing the client-CA file with another
// CA's lets that CA's clients in and shuts the old CA's out, without a
// restart.
func TestServerReloadsClientCA(t *testing.T) {
	p, next := testenv.NewPKI(t), testenv.NewPKI(t)
	clientCA := filepath.Join(t.TempDir(), "client-ca.pem")
	copyFile(t, p.CA, clientCA)
	addr, _ := watched(t, tlsfiles.ServerFiles{Cert: p.ServerCert, Key: p.ServerKey, ClientCA: clientCA})
	if _, err := get("https://"+addr+"/", p.ClientTLS(t)); err != nil {
		t.Fatalf("the first CA's client: %v", err)
	}

	copyFile(t, next.CA, clientCA)
	newClient := next.ClientTLS(t)
	newClient.RootCAs = p.Pool() // the server's certificate is still the first CA's
	testenv.Eventually(t, 10*time.Second, func() bool {
		_, err := get("https://"+addr+"/", newClient)
		return err == nil
	}, "the new CA's client is let in")
	if _, err := get("https://"+addr+"/", p.ClientTLS(t)); err == nil {
		t.Fatal("the old CA's client is still let in")
	}
}

// copyFile replaces to with from's bytes by a rename.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to+".tmp", data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(to+".tmp", to); err != nil {
		t.Fatal(err)
	}
}
