package app

import (
	"net"
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/internal/tlsfiles"
)

// TestBannerSaysAccessAndScheme: the banner says whether the routes are
// open or which key file closes them, gives https URLs when the listeners
// serve TLS, and the console's URL where the manager listens.
func TestBannerSaysAccessAndScheme(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	p := testenv.NewPKI(t)
	secure, err := tlsfiles.NewServer(tlsfiles.ServerFiles{Cert: p.ServerCert, Key: p.ServerKey}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		g     *guard
		wants []string
	}{
		{"open, plain", &guard{}, []string{"http://127.0.0.1:", "every route is open", "/console/"}},
		{"keys, TLS", &guard{keyFile: "/etc/txstream/keys.jsonl", tls: secure}, []string{"https://127.0.0.1:", "API keys from /etc/txstream/keys.jsonl", "Console"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			a := &App{mode: ModeDev, out: &out, ln: listeners{ListenMetrics: ln, ListenManager: ln}, guard: tc.g, notes: []string{tc.g.accessNote()}}
			a.printBanner()
			for _, want := range tc.wants {
				if !strings.Contains(out.String(), want) {
					t.Errorf("banner lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}
