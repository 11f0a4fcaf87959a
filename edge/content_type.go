package edge

import (
	"bytes"

	"github.com/valyala/fasthttp"
)

// requireJSON refuses a body declared as anything but JSON. A request
// without Content-Type is read as JSON, as the seed's clients may omit it.
func requireJSON(ctx *fasthttp.RequestCtx) error {
	ct := ctx.Request.Header.ContentType()
	if len(ct) == 0 {
		return nil
	}
	if i := bytes.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = bytes.TrimSpace(ct)
	if bytes.EqualFold(ct, []byte("application/json")) || hasSuffixFold(ct, []byte("+json")) {
		return nil
	}
	return requestError(CodeUnsupportedMediaType, "Content-Type", "send application/json, not %q", shorten(ct))
}

func hasSuffixFold(s, suffix []byte) bool {
	return len(s) >= len(suffix) && bytes.EqualFold(s[len(s)-len(suffix):], suffix)
}
