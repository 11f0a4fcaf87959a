package edge

import (
	"testing"

	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/edge/auth"
)

// TestRouterParamOutlivesTheRequest: the parameter handed to a handler is
// its own string (the library copies it), not a view of the request's
// buffers, which fasthttp reuses for the next request on the connection: a
// handler may keep it (a long poll's waiter does).
func TestRouterParamOutlivesTheRequest(t *testing.T) {
	r := newRouter()
	r.add("GET", "/transactions/{id}", auth.TransactionsRead, func(*fasthttp.RequestCtx, string) {}, false)
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI("/transactions/tx-1")
	rt, param, template, _ := r.match(&ctx)
	ctx.Request.SetRequestURI("/transactions/zz-9")
	_ = ctx.Path() // normalizes the new path into the same buffer
	if rt == nil || template != "/transactions/{id}" || param != "tx-1" {
		t.Fatalf("matched %v %q %q, want /transactions/{id} with tx-1", rt, template, param)
	}
}

// TestRouterMount: a mount serves every path below its prefix, the prefix
// with a slash included, and not the prefix alone.
func TestRouterMount(t *testing.T) {
	r := newRouter()
	r.add("GET", "/goka/"+mountSegment, auth.Ops, func(*fasthttp.RequestCtx, string) {}, true)
	for path, want := range map[string]bool{"/goka/": true, "/goka/a/b": true, "/goka": false, "/gokax": false} {
		var ctx fasthttp.RequestCtx
		ctx.Request.SetRequestURI(path)
		if rt, _, _, _ := r.match(&ctx); (rt != nil) != want {
			t.Errorf("%s matched %v, want %v", path, rt != nil, want)
		}
	}
}
