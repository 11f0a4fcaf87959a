package metrics

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"testing"
)

// scrape fetches the text exposition of reg through Handler, as Prometheus
// would.
func scrape(t *testing.T, h http.Handler) []byte {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %s\n%s", resp.Status, body)
	}
	return body
}

// TestPromtoolChecksALiveScrape runs `promtool check metrics` (Debian
// package prometheus) on a scrape of a registry with every family.
func TestPromtoolChecksALiveScrape(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not installed (apt-get install prometheus)")
	}
	reg, _ := populated(t)
	body := scrape(t, Handler(reg))
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = bytes.NewReader(body)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool check metrics: %v\n%s", err, out)
	}
}

// TestEveryFamilyHasASeries makes sure populated drives every hook, so that
// the promtool check and the dashboard check see every family.
func TestEveryFamilyHasASeries(t *testing.T) {
	reg, names := populated(t)
	seen := gatheredNames(t, reg)
	for name := range names {
		if !seen[name] {
			t.Errorf("family %s registered but has no series", name)
		}
	}
}
