package edge

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestManagerMountsTheMonitor: the manager service serves the monitor
// handler under its prefix, with the rest of the path intact, and nothing
// outside it; the other services do not mount it.
func TestManagerMountsTheMonitor(t *testing.T) {
	monitor := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "monitor page %s", r.URL.Path)
	})
	e := newEnv(t, func(cfg *Config) { cfg.Monitor = monitor }, nil)
	for _, path := range []string{"/goka/", "/goka/monitor/", "/goka/monitor/processor/0"} {
		got := e.call(t, "GET", e.manager+path, "").expect(t, http.StatusOK)
		if want := "monitor page " + path; string(got.body) != want {
			t.Errorf("GET %s: %q, want %q", path, got.body, want)
		}
	}
	e.call(t, "GET", e.manager+"/gokax/", "").expectProblem(t, CodeRouteNotFound)
	e.call(t, "GET", e.transaction+"/goka/", "").expectProblem(t, CodeRouteNotFound)
	if !strings.Contains(e.router(ServiceManager), "/goka/*") {
		t.Errorf("the mount is not a route of the manager service")
	}
}

// router lists the patterns a service routes.
func (e *env) router(svc Service) string {
	var patterns []string
	for _, rt := range e.servers[svc].router.routes {
		patterns = append(patterns, rt.pattern)
	}
	return strings.Join(patterns, " ")
}

// TestAMountWithoutItsSlashRedirects: GET /console (or /goka) is sent to
// the mount's prefix with its query, not answered 404; other paths and
// methods are not.
func TestAMountWithoutItsSlashRedirects(t *testing.T) {
	e := newEnv(t, withAllRoutes, nil)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{"/console": "/console/", "/console?next=log": "/console/?next=log", "/goka": "/goka/"} {
		resp, err := noFollow.Get(e.manager + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 308 to %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	e.call(t, "GET", e.manager+"/consolex", "").expectProblem(t, CodeRouteNotFound)
	e.call(t, "POST", e.manager+"/console", "").expectProblem(t, CodeRouteNotFound)
	e.call(t, "GET", e.transaction+"/console", "").expectProblem(t, CodeRouteNotFound)
}
