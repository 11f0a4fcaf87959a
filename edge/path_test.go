package edge

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestNonCanonicalPathsReachNoRoute: a path that a proxy in front reads one
// way and fasthttp's normalization another (encoded slashes, dot segments,
// empty segments, encoded unreserved characters) is refused with a
// problem, never served by the route it normalizes to: PUT
// /convert/..%2Frates%2FJPY once set the rate of JPY.
func TestNonCanonicalPathsReachNoRoute(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.tables.putTransaction(record("tx-1", 1, "received"))
	rate := `{"rate":"161.52","date":"2025-03-14"}`
	cases := []struct {
		name, base, method, path, body string
	}{
		{"encoded slashes after a dot segment", e.converter, "PUT", "/convert/..%2Frates%2FJPY", rate},
		{"lower-case encoded slashes", e.converter, "PUT", "/convert/..%2frates%2fJPY", rate},
		{"encoded unreserved letter", e.converter, "PUT", "/%72ates/JPY", rate},
		{"empty segments", e.converter, "PUT", "//rates//JPY", rate},
		{"dot-dot segment", e.converter, "PUT", "/convert/../rates/JPY", rate},
		{"encoded dot-dot segment", e.converter, "PUT", "/convert/%2e%2E/rates/JPY", rate},
		{"half-encoded dot-dot segment", e.converter, "PUT", "/convert/.%2e/rates/JPY", rate},
		{"dot segment", e.converter, "PUT", "/./rates/JPY", rate},
		{"encoded backslashes", e.converter, "PUT", "/convert/..%5Crates%5cJPY", rate},
		{"encoded slash in an id", e.transaction, "GET", "/transactions/tx-1%2F", ""},
		{"encoded letter in a route", e.transaction, "GET", "/%74ransactions/tx-1", ""},
		{"trailing dot segment", e.transaction, "GET", "/transactions/tx-1/.", ""},
		{"empty segment before a route", e.manager, "GET", "/transactions//log", ""},
		{"dot segment inside a route", e.manager, "GET", "/transactions/tx-1/./log", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := rawRequest(t, tc.base, tc.method, tc.path, tc.body).expectProblem(t, CodeNonCanonicalPath)
			if p.Instance != tc.path {
				t.Fatalf("instance %q, want the path as sent, %q", p.Instance, tc.path)
			}
		})
	}
	if set := e.rates.all(); len(set) != 0 {
		t.Fatalf("a non-canonical path set rates: %v", set)
	}
}

// TestCanonicalPathsStillRoute: what the check lets through routes as
// before: escapes of characters other than slashes and unreserved ones
// (":" in an id is %3A to some clients), a trailing slash (404, as before),
// and every route of the seed.
func TestCanonicalPathsStillRoute(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.tables.putTransaction(record("tx:1", 1, "received"))
	cases := []struct {
		name, base, method, path, body string
		status                         int
		code                           Code
	}{
		{"encoded colon in an id", e.transaction, "GET", "/transactions/tx%3A1", "", http.StatusOK, ""},
		{"encoded space in an id", e.transaction, "GET", "/transactions/tx%201", "", 0, CodeInvalidID},
		{"trailing slash", e.transaction, "GET", "/transactions/", "", 0, CodeRouteNotFound},
		{"seed: GET /transactions/{id}", e.transaction, "GET", "/transactions/tx:1", "", http.StatusOK, ""},
		{"seed: POST /transactions", e.transaction, "POST", "/transactions", txBody, http.StatusCreated, ""},
		{"seed: PUT /rates/{code}", e.converter, "PUT", "/rates/JPY", `{"rate":"161.52","date":"2025-03-14"}`, http.StatusOK, ""},
		{"seed: GET /transactions/log", e.manager, "GET", "/transactions/log", "", http.StatusOK, ""},
		{"history", e.manager, "GET", "/transactions/tx:1/log", "", http.StatusOK, ""},
		{"root", e.manager, "GET", "/", "", 0, CodeRouteNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := rawRequest(t, tc.base, tc.method, tc.path, tc.body)
			if tc.code != "" {
				a.expectProblem(t, tc.code)
				return
			}
			a.expect(t, tc.status)
		})
	}
}

// rawRequest sends method and path exactly as written, which net/http's
// client would not: it cleans or re-encodes some of the paths tested here.
func rawRequest(t *testing.T, base, method, path, body string) answer {
	t.Helper()
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	req := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: txstream\r\nConnection: close\r\n", method, path)
	if body != "" {
		req += fmt.Sprintf("Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	if _, err := io.WriteString(conn, req+"\r\n"+body); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: data}
}
