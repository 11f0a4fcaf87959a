package edge

import (
	_ "embed"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/valyala/fasthttp"
)

// openAPIDocument is the one OpenAPI 3.1 document of the three services,
// written for the default listen addresses. Each path lists in its
// servers the service(s) that serve it; a test walks it against the
// routers, so it cannot drift from the code.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPI returns a copy of the OpenAPI document, with the default listen
// addresses in its servers.
func OpenAPI() []byte { return append([]byte(nil), openAPIDocument...) }

// defaultServerURLs are the servers of the stored document, one per
// service, in the order of Services().
var defaultServerURLs = []string{"http://localhost:5001", "http://localhost:5002", "http://localhost:5003"}

// openAPIFor is the document as a process configured by cfg serves it:
// each service's server URL follows its listen address, so that a client
// reading the document from any of the three finds the others where they
// listen. One pass of a strings.Replacer, so that a service moved onto
// another's default port is not replaced twice.
func openAPIFor(cfg Config) []byte {
	addrs := []string{cfg.TransactionAddr, cfg.ConverterAddr, cfg.ManagerAddr}
	pairs := make([]string, 0, 2*len(addrs))
	for i, addr := range addrs {
		pairs = append(pairs, `"`+defaultServerURLs[i]+`"`, `"`+serverURL(cfg.HTTPS, addr)+`"`)
	}
	return []byte(strings.NewReplacer(pairs...).Replace(string(openAPIDocument)))
}

// serverURL is the base URL of a listen address. A listen address without
// a host, or with an unspecified one (0.0.0.0, ::), names no host a
// client could use, so the URL says localhost, as the stored document
// does. With TLS on the listeners it is an https URL.
func serverURL(https bool, addr string) string {
	scheme := "http://"
	if https {
		scheme = "https://"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return scheme + addr
	}
	if ip, err := netip.ParseAddr(host); host == "" || (err == nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return scheme + net.JoinHostPort(host, port)
}

// serveOpenAPI answers the document rendered for the server's Config.
func (s *Server) serveOpenAPI(ctx *fasthttp.RequestCtx, _ string) {
	writeRaw(ctx, http.StatusOK, s.openAPI)
}
