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
	k := testenv.NewSASLKafka(t, streams.SASLScramSHA512, "import-secret")
	var stderr strings.Builder
	cfg := testConfig(k.Brokers, testenv.Name(t, "rates"), writeHistCSV(t, 2), &stderr, false)
	cfg.Security = k.Security()
	if err := Import(t.Context(), cfg); err != nil {
		t.Fatalf("import with the login: %v\n%s", err, stderr.String())
	}
	cfg.Security.SASL = streams.SASL{}
	if err := Import(t.Context(), cfg); err == nil {
		t.Fatal("import without a login succeeded")
	}
}
