package edge

import (
	_ "embed"
	"net/http"

	"github.com/valyala/fasthttp"
)

// openAPIDocument is the one OpenAPI 3.1 document of the three services.
// Each path lists in its servers the service(s) that serve it; a test
// walks it against the routers, so it cannot drift from the code.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPI returns a copy of the OpenAPI document.
func OpenAPI() []byte { return append([]byte(nil), openAPIDocument...) }

func serveOpenAPI(ctx *fasthttp.RequestCtx, _ string) {
	writeRaw(ctx, http.StatusOK, openAPIDocument)
}
