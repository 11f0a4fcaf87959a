package edge

import (
	"encoding/json"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
)

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage
}

// documented returns "service METHOD path scope" for every operation of
// the document, the service read from the port of each path's servers,
// the scope from the operation's security (docScope).
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
		for method, op := range item {
			if method == "servers" || method == "parameters" {
				continue
			}
			scope := docScope(t, path, method, op)
			for _, s := range servers {
				u, err := url.Parse(s.URL)
				if err != nil || ports[u.Port()] == "" {
					t.Fatalf("path %s: server %q names no service", path, s.URL)
				}
				out = append(out, string(ports[u.Port()])+" "+strings.ToUpper(method)+" "+path+" "+string(scope))
			}
		}
	}
	sort.Strings(out)
	return out
}

// docScope reads an operation's security as a route scope: none
// (security: []) is scopeOpen, the bearer scheme with no scope
// scopeAnyKey, and with one scope that scope. Every operation states its
// security; there is no document-wide default to forget.
func docScope(t *testing.T, path, method string, op json.RawMessage) auth.Scope {
	t.Helper()
	var o struct {
		Security *[]map[string][]string `json:"security"`
	}
	if err := json.Unmarshal(op, &o); err != nil || o.Security == nil {
		t.Fatalf("%s %s: no security: %v", method, path, err)
	}
	switch sec := *o.Security; {
	case len(sec) == 0:
		return scopeOpen
	case len(sec) == 1 && len(sec[0]) == 1 && sec[0]["bearer"] != nil && len(sec[0]["bearer"]) <= 1:
		if len(sec[0]["bearer"]) == 0 {
			return scopeAnyKey
		}
		return auth.Scope(sec[0]["bearer"][0])
	}
	t.Fatalf("%s %s: security %v is not one bearer requirement", method, path, *o.Security)
	return ""
}

// routed returns "service METHOD path scope" for every route the servers
// serve.
func routed(t *testing.T) []string {
	t.Helper()
	e := newEnv(t, nil, nil)
	var out []string
	for svc, s := range e.servers {
		for _, rt := range s.router.routes {
			if isMount(rt.pattern) {
				continue // another application's pages (goka's monitor), not the API
			}
			out = append(out, string(svc)+" "+rt.method+" "+rt.pattern+" "+string(rt.scope))
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
				if status == "504" && path == routeTransactionsBatch {
					continue // the batch is 200 at the deadline; its items carry the 504
				}
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

// TestOpenAPIRateSuperseded: the document shows the 409 of PUT
// /rates/{code} with the rate in force, as setRate writes it.
func TestOpenAPIRateSuperseded(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	ref, _ := at(doc, "paths", "/rates/{code}", "put", "responses", "409", "content", ProblemContentType, "schema", "$ref").(string)
	parts, _ := at(doc, append(strings.Split(strings.TrimPrefix(ref, "#/"), "/"), "allOf")...).([]any)
	if len(parts) != 2 || at(parts[1], "properties", "rate_in_force") == nil {
		t.Fatalf("PUT /rates/{code} 409 is %q, want a problem with rate_in_force", ref)
	}
}

// at walks the objects of a decoded JSON document along keys; nil when a
// key is missing.
func at(node any, keys ...string) any {
	for _, k := range keys {
		m, _ := node.(map[string]any)
		node = m[k]
	}
	return node
}

// TestOpenAPISchemasMatchAnswers: the documented members of the records
// the converter answers with are the JSON members the code writes, so a
// member added to an answer (rate_legs, rate_in_force) is documented.
func TestOpenAPISchemasMatchAnswers(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		schema string
		value  any
	}{
		{"ConversionResult", conversionResult{}},
		{"Conversion", domain.Conversion{}},
		{"RateLeg", domain.RateLeg{}},
		{"Rate", domain.Rate{}},
		{"Transaction", domain.Transaction{}},
		{"ConversionRecord", domain.ConversionRequest{}},
	}
	for _, tc := range cases {
		t.Run(tc.schema, func(t *testing.T) {
			props, _ := at(doc, "components", "schemas", tc.schema, "properties").(map[string]any)
			documented := slices.Sorted(maps.Keys(props))
			if written := jsonMembers(reflect.TypeOf(tc.value)); !slices.Equal(documented, written) {
				t.Fatalf("schema %s documents %v; the code writes %v", tc.schema, documented, written)
			}
		})
	}
}

// jsonMembers lists the JSON member names of a struct type, sorted.
func jsonMembers(typ reflect.Type) []string {
	var names []string
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// TestOpenAPIAccessAnswers: every operation that takes a key documents
// 401 and 429, and every one that needs a scope 403; the bearer scheme is
// described with the scopes.
func TestOpenAPIAccessAnswers(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	desc, _ := at(doc, "components", "securitySchemes", "bearer", "description").(string)
	for _, sc := range auth.Scopes() {
		if !strings.Contains(desc, string(sc)) {
			t.Errorf("the bearer scheme does not describe %s", sc)
		}
	}
	paths, _ := doc["paths"].(map[string]any)
	for path, item := range paths {
		for method, op := range item.(map[string]any) {
			sec, ok := at(op, "security").([]any)
			if !ok || len(sec) == 0 {
				continue
			}
			scopes, _ := at(sec[0], "bearer").([]any)
			want := map[string]string{"401": "Unauthorized", "429": "RateLimited"}
			if len(scopes) > 0 {
				want["403"] = "Forbidden"
			}
			for status, name := range want {
				if ref, _ := at(op, "responses", status, "$ref").(string); ref != "#/components/responses/"+name {
					t.Errorf("%s %s: %s is %q, want %s", method, path, status, ref, name)
				}
			}
		}
	}
}
