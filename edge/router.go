package edge

import (
	"strings"

	"github.com/valyala/fasthttp"
)

// handler serves one route; param is the value of the route's one path
// parameter ({id} or {code}), empty for routes without one.
type handler func(ctx *fasthttp.RequestCtx, param string)

// route is one method and path template. Templates have at most one
// parameter segment, written {name}, or end in a mount segment, written *,
// that matches the rest of the path (another application's pages).
type route struct {
	method  string
	pattern string
	segs    []string
	serve   handler
	// probe routes (health, readiness, metrics, the document) bypass the
	// in-flight limit, so that an overloaded service can still be watched.
	probe bool
	// waits, when set, reports whether a request of the route is a long
	// poll: it then counts against Config.MaxLongPolls, not MaxInFlight.
	waits func(*fasthttp.RequestCtx) bool
}

// router matches a request to a route by a linear scan: each service has
// fewer than ten routes, and the scan allocates nothing but the parameter.
type router struct{ routes []route }

// add adds a route and returns it, valid until the next add, for the
// settings that few routes have.
func (r *router) add(method, pattern string, serve handler, probe bool) *route {
	segs := strings.Split(strings.TrimPrefix(pattern, "/"), "/")
	r.routes = append(r.routes, route{method: method, pattern: pattern, segs: segs, serve: serve, probe: probe})
	return &r.routes[len(r.routes)-1]
}

// match returns the route of method and path. When the path matches but
// the method does not, it returns nil and the matching template, so that
// the answer is a 405 labelled with that template.
func (r *router) match(method, path []byte) (rt *route, param, template string) {
	for i := range r.routes {
		cand := &r.routes[i]
		ok, p := cand.matchPath(path)
		if !ok {
			continue
		}
		if cand.method == string(method) {
			return cand, p, cand.pattern
		}
		template = cand.pattern
	}
	return nil, "", template
}

// allowed lists the methods routed for template, for the Allow header.
func (r *router) allowed(template string) string {
	var methods []string
	for _, rt := range r.routes {
		if rt.pattern == template {
			methods = append(methods, rt.method)
		}
	}
	return strings.Join(methods, ", ")
}

// matchPath compares path to the template segment by segment; a parameter
// segment matches any non-empty segment.
func (rt *route) matchPath(path []byte) (bool, string) {
	if len(path) == 0 || path[0] != '/' {
		return false, ""
	}
	rest := path[1:]
	var param []byte
	for i, seg := range rt.segs {
		if seg == mountSegment {
			return true, string(rest)
		}
		end := indexSlash(rest)
		part := rest[:end]
		last := i == len(rt.segs)-1
		if last != (end == len(rest)) {
			return false, ""
		}
		if isParam(seg) {
			if len(part) == 0 {
				return false, ""
			}
			param = part
		} else if seg != string(part) {
			return false, ""
		}
		if !last {
			rest = rest[end+1:]
		}
	}
	return true, string(param)
}

func indexSlash(b []byte) int {
	for i, c := range b {
		if c == '/' {
			return i
		}
	}
	return len(b)
}

// mountSegment ends a template that serves everything below its prefix.
const mountSegment = "*"

func isMount(pattern string) bool { return strings.HasSuffix(pattern, "/"+mountSegment) }

func isParam(seg string) bool { return len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' }
