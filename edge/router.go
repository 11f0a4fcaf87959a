package edge

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"unsafe"

	fastrouter "github.com/fasthttp/router"
	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/edge/auth"
)

// handler serves one route; param is the value of the route's one path
// parameter ({id} or {code}), empty for routes without one.
type handler func(ctx *fasthttp.RequestCtx, param string)

// route is one method and path template. Templates have at most one
// parameter segment, written {name}, or end in a mount segment, written *,
// that matches the rest of the path (another application's pages).
type route struct {
	method  string
	pattern string // the template, also the route label of the metrics
	param   string // the parameter's name, "" for none
	// scope is what the request's key must hold (access.go): a scope of
	// edge/auth, scopeAnyKey or scopeOpen. It is declared next to the
	// route, in the route table, and nowhere else.
	scope auth.Scope
	// audited: a write (a :write scope), which gets an audit line.
	audited bool
	serve   handler
	// probe routes (health, readiness, metrics, the document) bypass the
	// in-flight limit, so that an overloaded service can still be watched.
	probe bool
	// waits, when set, reports whether a request of the route is a long
	// poll: it then counts against Config.MaxLongPolls, not MaxInFlight.
	waits func(*fasthttp.RequestCtx) bool
	// stream: the route answers with an event stream (events.go), which
	// counts against Config.MaxEventStreams, not MaxInFlight.
	stream bool
}

// router matches a request to a route with github.com/fasthttp/router's
// radix trees, one per method. The library's own Handler is not used: it
// routes on the path as sent, while the edge routes on fasthttp's
// normalized path (escapes decoded) once path.go has refused every path
// that normalization would change otherwise, and answers 404 and 405 from
// the catalog. Redirects (trailing slash, case) are off: matching is exact.
type router struct {
	mux     *fastrouter.Router
	routes  []*route // in the order added
	methods []string // the methods of routes, each once, in the order added
}

func newRouter() router {
	mux := fastrouter.New()
	mux.RedirectTrailingSlash = false
	mux.RedirectFixedPath = false
	mux.HandleMethodNotAllowed = false
	mux.HandleOPTIONS = false
	return router{mux: mux}
}

// selectedKey is the user value under which a lookup leaves the route it
// found: the library hands back a handler, and each route's handler only
// names its route, so that the edge's own handle serves it.
const selectedKey = "txstream.edge.route"

// mountParam names the rest of the path under a mount.
const mountParam = "mounted"

// add adds a route that needs scope and returns it, for the settings that
// few routes have (set before the server starts).
func (r *router) add(method, pattern string, scope auth.Scope, serve handler, probe bool) *route {
	rt := &route{method: method, pattern: pattern, param: paramName(pattern), scope: scope, audited: isWriteScope(scope), serve: serve, probe: probe}
	r.mux.Handle(method, libraryPattern(pattern), func(ctx *fasthttp.RequestCtx) { ctx.SetUserValue(selectedKey, rt) })
	r.routes = append(r.routes, rt)
	if !slices.Contains(r.methods, method) {
		r.methods = append(r.methods, method)
	}
	return rt
}

// match returns the route of the request's method and normalized path,
// and its parameter. When the path matches routes of other methods only,
// it returns nil with the template of the first (the 405's route label)
// and their methods, for Allow.
func (r *router) match(ctx *fasthttp.RequestCtx) (rt *route, param, template, allow string) {
	// No copies: every standard method is a constant, and the path's bytes
	// stay put during the lookup, which copies the parameter's value.
	method, path := methodLabel(ctx.Method()), unsafe.String(unsafe.SliceData(ctx.Path()), len(ctx.Path()))
	if rt, param, ok := r.lookup(ctx, method, path); ok {
		return rt, param, rt.pattern, ""
	}
	var allowed []string
	for _, m := range r.methods {
		if m == method {
			continue
		}
		if other, _, ok := r.lookup(ctx, m, path); ok {
			template = cmp.Or(template, other.pattern)
			allowed = append(allowed, m)
		}
	}
	return nil, "", template, strings.Join(allowed, ", ")
}

// lookup finds the route of method and path. A parameter segment matches
// only a non-empty segment.
func (r *router) lookup(ctx *fasthttp.RequestCtx, method, path string) (*route, string, bool) {
	h, _ := r.mux.Lookup(method, path, ctx)
	if h == nil {
		return nil, "", false
	}
	h(ctx)
	rt, ok := ctx.UserValue(selectedKey).(*route)
	if !ok || rt.param == "" {
		return rt, "", ok
	}
	param, _ := ctx.UserValue(rt.param).(string)
	if param == "" && rt.param != mountParam {
		return nil, "", false
	}
	return rt, param, true
}

// mountPrefixOf returns the prefix of a GET mount whose prefix is path
// with a slash added (/console for the console's /console/), "" for none:
// a mount matches only below its prefix, and a browser is sent there
// rather than told that nothing is at the address it was given.
func (r *router) mountPrefixOf(path string) string {
	for _, rt := range r.routes {
		if rt.method == http.MethodGet && isMount(rt.pattern) {
			if prefix := strings.TrimSuffix(rt.pattern, mountSegment); prefix == path+"/" {
				return prefix
			}
		}
	}
	return ""
}

// libraryPattern writes a template in the library's syntax: the mount
// segment is a catch-all parameter.
func libraryPattern(pattern string) string {
	if isMount(pattern) {
		return strings.TrimSuffix(pattern, mountSegment) + "{" + mountParam + ":*}"
	}
	return pattern
}

// paramName is the name of the template's parameter, "" for none.
func paramName(pattern string) string {
	if isMount(pattern) {
		return mountParam
	}
	for _, seg := range strings.Split(pattern, "/") {
		if isParam(seg) {
			return seg[1 : len(seg)-1]
		}
	}
	return ""
}

// mountSegment ends a template that serves everything below its prefix.
const mountSegment = "*"

func isMount(pattern string) bool { return strings.HasSuffix(pattern, "/"+mountSegment) }

func isParam(seg string) bool { return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' }
