package webhooks

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// python3WithStandardWebhooks returns the interpreter that has the
// standardwebhooks package, or skips the test (fails it under CI=true,
// where .ci/run installs it).
func python3WithStandardWebhooks(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err == nil {
		err = exec.Command(py, "-c", "import standardwebhooks").Run()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 with the standardwebhooks package is required under CI (.ci/run installs it): %v", err)
		}
		t.Skipf("python3 with the standardwebhooks package (pip install standardwebhooks) is not available: %v", err)
	}
	return py
}

// verifyCase is one request for testdata/verify.py.
type verifyCase struct {
	Secret  string            `json:"secret"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
	Valid   bool              `json:"valid"`
}

func caseOf(secret domain.WebhookSecret, r received, valid bool) verifyCase {
	h := map[string]string{}
	for _, k := range []string{"webhook-id", "webhook-timestamp", "webhook-signature"} {
		h[k] = r.header.Get(k)
	}
	return verifyCase{Secret: secret.Reveal(), Headers: h, Body: string(r.body), Valid: valid}
}

// TestAnIndependentImplementationVerifiesTheSignatures: the Python
// standardwebhooks package verifies what a real receiver got, before and
// after a rotation (during the grace period, with the old secret and with
// the new), and refuses a changed body, another secret and a changed
// webhook-id.
func TestAnIndependentImplementationVerifiesTheSignatures(t *testing.T) {
	py := python3WithStandardWebhooks(t)
	f := newFixture(t, testOptions())
	rc := newReceiver(t, nil)
	ep := f.register(rc.srv.URL)
	f.write("tx-py", domain.StatusReceived)
	testenv.Eventually(t, 20*time.Second, func() bool { return len(rc.requests()) == 1 }, "the first delivery")

	rotated, err := f.registrar.Rotate(context.Background(), ep.ID)
	if err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 10*time.Second, func() bool {
		got := f.proc.registry.Get(ep.ID)
		return got != nil && got.Secret == rotated.Secret
	}, "the processor's registry to show the rotated secret")
	f.write("tx-py", domain.StatusReceived, domain.StatusCompleted)
	testenv.Eventually(t, 20*time.Second, func() bool { return len(rc.requests()) == 2 }, "the second delivery")
	got := rc.requests()
	if n := len(strings.Fields(got[1].header.Get("webhook-signature"))); n != 2 {
		t.Errorf("%d signatures during the grace period, want 2", n)
	}

	tampered := got[0]
	tampered.body = []byte(strings.Replace(string(tampered.body), "tx-py", "tx-pz", 1))
	otherID := got[0]
	otherID.header = got[0].header.Clone()
	otherID.header.Set("webhook-id", "msg_other")
	cases := []verifyCase{
		caseOf(ep.Secret, got[0], true),
		caseOf(ep.Secret, got[1], true),      // the old secret, in its grace period
		caseOf(rotated.Secret, got[1], true), // the new one
		caseOf(rotated.Secret, got[0], false),
		caseOf(ep.Secret, tampered, false),
		caseOf(ep.Secret, otherID, false),
	}
	file := filepath.Join(t.TempDir(), "cases.json")
	data, _ := json.Marshal(cases)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "testdata/verify.py", file).CombinedOutput()
	if err != nil || strings.Count(string(out), "ok") != len(cases) {
		t.Fatalf("verify.py: %v\n%s", err, out)
	}
}
