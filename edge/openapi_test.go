package edge

import (
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
)

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage
}

// documented returns "service METHOD path" for every operation of the
// document, the service read from the port of each path's servers.
func documented(t *testing.T) []string {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
	ports := map[string]Service{"5001": ServiceTransaction, "5002": ServiceConverter, "5003": ServiceManager}
	var out []string
	for path, item := range doc.Paths {
		var servers []struct{ URL string }
		if err := json.Unmarshal(item["servers"], &servers); err != nil || len(servers) == 0 {
			t.Fatalf("path %s has no servers: %v", path, err)
		}
		for method := range item {
			if method == "servers" || method == "parameters" {
				continue
			}
			for _, s := range servers {
				u, err := url.Parse(s.URL)
				if err != nil || ports[u.Port()] == "" {
					t.Fatalf("path %s: server %q names no service", path, s.URL)
				}
				out = append(out, string(ports[u.Port()])+" "+strings.ToUpper(method)+" "+path)
			}
		}
	}
	sort.Strings(out)
	return out
}

// routed returns "service METHOD path" for every route the servers serve.
func routed(t *testing.T) []string {
	t.Helper()
	e := newEnv(t, nil, nil)
	var out []string
	for svc, s := range e.servers {
		for _, rt := range s.router.routes {
			if isMount(rt.pattern) {
				continue // another application's pages (goka's monitor), not the API
			}
			out = append(out, string(svc)+" "+rt.method+" "+rt.pattern)
		}
	}
	sort.Strings(out)
	return out
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc, routes := documented(t), routed(t)
	for _, op := range doc {
		if !slices.Contains(routes, op) {
			t.Errorf("documented but not routed: %s", op)
		}
	}
	for _, op := range routes {
		if !slices.Contains(doc, op) {
			t.Errorf("routed but not documented: %s", op)
		}
	}
}

// TestOpenAPIProblemCodes: the document's code enum is the catalog.
func TestOpenAPIProblemCodes(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Problem struct {
					Properties struct {
						Code struct{ Enum []string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range Codes() {
		codes = append(codes, string(c))
	}
	sort.Strings(codes)
	enum := doc.Components.Schemas.Problem.Properties.Code.Enum
	sort.Strings(enum)
	if !slices.Equal(codes, enum) {
		t.Fatalf("Problem.code enum %v\ncatalog %v", enum, codes)
	}
}

// TestOpenAPIRefsResolve: every $ref points at a component that exists.
func TestOpenAPIRefsResolve(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				node := any(doc)
				for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
					m, _ := node.(map[string]any)
					node = m[part]
				}
				if node == nil {
					t.Errorf("dangling $ref %s", ref)
				}
			}
			for _, child := range x {
				walk(child)
			}
		case []any:
			for _, child := range x {
				walk(child)
			}
		}
	}
	walk(doc)
}

// TestOpenAPIWritesTellOutcomes: every write (POST, PUT) documents both
// answers of a write that Kafka did not acknowledge: 503, surely not
// recorded, and 504 outcome_unknown, which says to retry with the same id.
func TestOpenAPIWritesTellOutcomes(t *testing.T) {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage
		Components struct {
			Responses map[string]struct{ Description string }
		}
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"503": "#/components/responses/Unavailable", "504": "#/components/responses/OutcomeUnknown"}
	writes := 0
	for path, item := range doc.Paths {
		for _, method := range []string{"post", "put"} {
			raw, ok := item[method]
			if !ok {
				continue
			}
			writes++
			var op struct {
				Responses map[string]struct {
					Ref string `json:"$ref"`
				}
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			for status, ref := range want {
				if got := op.Responses[status].Ref; got != ref {
					t.Errorf("%s %s: %s is %q, want %q", method, path, status, got, ref)
				}
			}
		}
	}
	if writes == 0 {
		t.Error("no write documented")
	}
	if d := doc.Components.Responses["OutcomeUnknown"].Description; !strings.Contains(d, "outcome_unknown") || !strings.Contains(d, "same id") {
		t.Errorf("OutcomeUnknown does not say what to do: %q", d)
	}
}
