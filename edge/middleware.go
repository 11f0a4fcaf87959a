package edge

import (
	"errors"
	"net"
	"runtime/debug"
	"time"

	"github.com/valyala/fasthttp"
)

// handle is the fasthttp handler of every service: refuse non-canonical
// paths (path.go), route, bound the in-flight requests, recover panics,
// and report to the Observer.
func (s *Server) handle(ctx *fasthttp.RequestCtx) {
	start := time.Now()
	obs := s.cfg.Observer
	obs.InFlight(s.service, 1)
	rt, param, template, allow, why := s.route(ctx)
	label := template
	if label == "" {
		label = RouteUnmatched
	}
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic while serving a request", "service", s.service, "route", label, "panic", v, "stack", string(debug.Stack()))
			writeProblem(ctx, CodeInternal, "", "the request could not be served", 0)
		}
		obs.InFlight(s.service, -1)
		obs.Request(s.service, methodLabel(ctx.Method()), label, ctx.Response.StatusCode(), time.Since(start))
	}()
	switch {
	case why != "":
		writeProblem(ctx, CodeNonCanonicalPath, "", why, 0)
	case rt == nil && template != "":
		ctx.Response.Header.Set("Allow", allow)
		writeProblem(ctx, CodeMethodNotAllowed, "", "allowed: "+allow, 0)
	case rt == nil && isGet(ctx) && s.router.mountPrefixOf(string(ctx.Path())) != "":
		redirectToMount(ctx, s.router.mountPrefixOf(string(ctx.Path())))
	case rt == nil:
		writeProblem(ctx, CodeRouteNotFound, "", "no route for this path", 0)
	default:
		s.dispatch(ctx, rt, param)
	}
}

// route matches the request to a route; a non-canonical path (path.go)
// matches none, and why says what is wrong with it.
func (s *Server) route(ctx *fasthttp.RequestCtx) (rt *route, param, template, allow, why string) {
	if why = pathProblem(ctx.URI().PathOriginal()); why != "" {
		return nil, "", "", "", why
	}
	rt, param, template, allow = s.router.match(ctx)
	return rt, param, template, allow, ""
}

// dispatch runs the access checks (admit.go), then the route under its
// in-flight limit (probes have none), then audits a write (audit.go).
func (s *Server) dispatch(ctx *fasthttp.RequestCtx, rt *route, param string) {
	p, ok := s.admit(ctx, rt)
	if ok {
		s.serveLimited(ctx, rt, param)
	}
	if rt.audited {
		s.audit(ctx, rt, p, param)
	}
}

// serveLimited runs the route under its in-flight limit.
func (s *Server) serveLimited(ctx *fasthttp.RequestCtx, rt *route, param string) {
	if rt.stream {
		s.serveStream(ctx, rt, param)
		return
	}
	if !rt.probe {
		limit, detail := s.limitOf(ctx, rt)
		if !limit.take() {
			s.cfg.Observer.Overloaded(s.service, rt.pattern)
			writeProblem(ctx, CodeOverloaded, "", detail, s.cfg.RetryAfter)
			return
		}
		defer limit.give()
	}
	rt.serve(ctx, param)
}

// limitOf is the limit a request counts against, and the detail of its
// 503: a long poll may wait for WaitMax, so long polls have slots of their
// own and cannot take those of writes.
func (s *Server) limitOf(ctx *fasthttp.RequestCtx, rt *route) (*slots, string) {
	if rt.waits != nil && rt.waits(ctx) {
		return &s.longPolls, "too many long polls waiting; retry later, or read without ?wait="
	}
	return &s.inFlight, "too many requests in flight"
}

// parseError answers requests that fasthttp could not read.
func (s *Server) parseError(ctx *fasthttp.RequestCtx, err error) {
	code := CodeBadRequest
	var small *fasthttp.ErrSmallBuffer
	var netErr net.Error
	switch {
	case errors.Is(err, fasthttp.ErrBodyTooLarge):
		code = CodeBodyTooLarge
	case errors.As(err, &small):
		code = CodeHeaderTooLarge
	case errors.As(err, &netErr) && netErr.Timeout():
		code = CodeRequestTimeout
	}
	// fasthttp's error text may quote the request (SecureErrorLogMessage
	// keeps it out, and the detail is the catalog's anyway).
	writeProblem(ctx, code, "", failureDetail(code), 0)
	_, _, template, _ := s.router.match(ctx)
	if template == "" {
		template = RouteUnmatched
	}
	s.cfg.Observer.Request(s.service, methodLabel(ctx.Method()), template, ctx.Response.StatusCode(), 0)
}

// fail answers a dependency error of a read: the Classify hook picks the
// code.
func (s *Server) fail(ctx *fasthttp.RequestCtx, route string, err error, fallback Code) {
	s.answerFailure(ctx, route, err, s.cfg.classify(err, fallback))
}

// failWrite answers a dependency error of a write (POST, PUT).
func (s *Server) failWrite(ctx *fasthttp.RequestCtx, route string, err error) {
	s.answerFailure(ctx, route, err, s.cfg.classifyWrite(err))
}

// answerFailure writes code's problem, counting overloads. The detail is
// the catalog's (failureDetail), never the error's text, which may name
// brokers, topics or Go internals: that goes to the log, at error for an
// internal error and at debug for the classified ones, which the metrics
// count already.
func (s *Server) answerFailure(ctx *fasthttp.RequestCtx, route string, err error, code Code) {
	code = s.noteFailure(route, err, code)
	writeProblem(ctx, code, "", failureDetail(code), s.cfg.RetryAfter)
}

// noteFailure counts an overload and logs err, and returns the code that
// will be answered (an unknown code reads as internal).
func (s *Server) noteFailure(route string, err error, code Code) Code {
	if code == CodeOverloaded {
		s.cfg.Observer.Overloaded(s.service, route)
	}
	code, _ = Lookup(code)
	if code == CodeInternal {
		s.log.Error("request failed", "service", s.service, "route", route, "err", err)
	} else {
		s.log.Debug("request failed", "service", s.service, "route", route, "code", code, "err", err)
	}
	return code
}

// methodLabel bounds the method label to the standard methods.
func methodLabel(m []byte) string {
	for _, known := range [...]string{"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"} {
		if string(m) == known {
			return known
		}
	}
	return "OTHER"
}

func isGet(ctx *fasthttp.RequestCtx) bool { return ctx.IsGet() || ctx.IsHead() }

// redirectToMount sends the request to the mount's prefix, its query
// kept: 308, so that nothing about the request changes but the path.
func redirectToMount(ctx *fasthttp.RequestCtx, prefix string) {
	location := prefix
	if q := ctx.URI().QueryString(); len(q) > 0 {
		location += "?" + string(q)
	}
	ctx.Response.Header.Set(fasthttp.HeaderLocation, location)
	ctx.SetStatusCode(fasthttp.StatusPermanentRedirect)
}
