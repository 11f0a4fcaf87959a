package edge

import (
	"net/http"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"

	"github.com/txstream/txstream/edge/auth"
)

// readiness reports whether a service's dependencies have recovered.
type readiness func() bool

// addCommonRoutes adds the routes every service serves.
func (s *Server) addCommonRoutes() {
	s.router.add(http.MethodGet, "/healthz", scopeOpen, s.healthz, true)
	s.router.add(http.MethodGet, "/metrics", auth.Ops, s.metricsHandler(), true)
	s.router.add(http.MethodGet, "/openapi.json", scopeAnyKey, s.serveOpenAPI, true)
}

// addReadiness adds /readyz following ready.
func (s *Server) addReadiness(ready readiness) {
	s.router.add(http.MethodGet, "/readyz", scopeOpen, func(ctx *fasthttp.RequestCtx, _ string) {
		if !ready() {
			writeProblem(ctx, CodeNotReady, "", "the process is not ready: its processors, views or index are still recovering", s.cfg.RetryAfter)
			return
		}
		writeRaw(ctx, http.StatusOK, []byte(`{"status":"ready"}`))
	}, true)
}

// healthz answers while the process serves at all.
func (s *Server) healthz(ctx *fasthttp.RequestCtx, _ string) {
	writeRaw(ctx, http.StatusOK, []byte(`{"status":"ok"}`))
}

func (s *Server) metricsHandler() handler {
	if s.cfg.Metrics == nil {
		return func(ctx *fasthttp.RequestCtx, _ string) {
			writeProblem(ctx, CodeRouteNotFound, "", "metrics are not exposed by this process", 0)
		}
	}
	h := fasthttpadaptor.NewFastHTTPHandler(s.cfg.Metrics)
	return func(ctx *fasthttp.RequestCtx, _ string) { h(ctx) }
}
