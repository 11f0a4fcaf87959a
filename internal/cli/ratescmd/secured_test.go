package ratescmd

import (
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestImportSecured: an import (its topic manager and its emitter) logs
// in as Config.Security says; without it a secured broker refuses it.
func TestImportSecured(t *testing.T) {
	p := testenv.NewPKI(t)
	login := testenv.Login(t, streams.SASLScramSHA512, "import-secret")
	brokers := testenv.EmbeddedSASLKafka(t, p, login)
	var stderr strings.Builder
	cfg := testConfig(brokers, testenv.Name(t, "rates"), writeHistCSV(t, 2), &stderr, false)
	cfg.Security = streams.Security{TLS: p.TrustOnly(), SASL: login}
	if err := Import(t.Context(), cfg); err != nil {
		t.Fatalf("import with the login: %v\n%s", err, stderr.String())
	}
	cfg.Security.SASL = streams.SASL{}
	if err := Import(t.Context(), cfg); err == nil {
		t.Fatal("import without a login succeeded")
	}
}
