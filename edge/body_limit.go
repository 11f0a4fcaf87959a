package edge

import (
	"bytes"

	"github.com/valyala/fasthttp"
)

// bodyLimit is fasthttp's HeaderReceived hook, called before the body is
// read: a POST to the server's large-body route (the batch) may send up to
// Config.MaxBatchBodyBytes, every other request Config.MaxBodyBytes (the
// server's own limit). Deciding on the header keeps the small limit where
// it was: no other route reads a batch-sized body before refusing it.
// The path is compared as sent; a non-canonical spelling of the batch
// path gets the small limit, and path.go refuses it anyway.
func (s *Server) bodyLimit(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	if s.largeBody == "" || !h.IsPost() {
		return fasthttp.RequestConfig{}
	}
	uri := h.RequestURI()
	if i := bytes.IndexByte(uri, '?'); i >= 0 {
		uri = uri[:i]
	}
	if string(uri) != s.largeBody {
		return fasthttp.RequestConfig{}
	}
	return fasthttp.RequestConfig{MaxRequestBodySize: max(s.cfg.MaxBatchBodyBytes, s.cfg.MaxBodyBytes)}
}
