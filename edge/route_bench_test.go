package edge

import (
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/valyala/fasthttp"
)

// routeCase is one request of BenchmarkServeRoute and the status it gets.
type routeCase struct {
	name, method, uri, body string
	status                  int
	authorization           string // the Authorization header, if any
}

var routeCases = []routeCase{
	{"healthz", "GET", "/healthz", "", 200, ""},
	{"get_transaction", "GET", "/transactions/tx-1", "", 200, ""},
	{"post_transaction", "POST", "/transactions", `{"id":"tx-1","amount":"10.50","currency":"USD"}`, 201, ""},
	{"log", "GET", "/transactions/log", "", 200, ""},
	{"history", "GET", "/transactions/tx-1/log", "", 200, ""},
	{"not_found", "GET", "/nowhere/at/all", "", 404, ""},
	{"method_not_allowed", "DELETE", "/transactions/tx-1", "", 405, ""},
}

// BenchmarkServeRoute measures one request through a service's handler
// (canonical-path check, routing, limits, the route's work over the fakes,
// the answer) without the network, so that the router's share is visible.
// The manager service answers the log routes, the transaction service the
// others.
func BenchmarkServeRoute(b *testing.B) {
	tables := newFakeTables()
	tables.putTransaction(record("tx-1", 1, domain.StatusReceived))
	txs := newFakeTransactions(tables)
	txSrv, err := NewTransactionService(testConfig(), txs, tables, nil)
	if err != nil {
		b.Fatal(err)
	}
	mgrSrv, err := NewManagerService(testConfig(), tables)
	if err != nil {
		b.Fatal(err)
	}
	for _, rc := range routeCases {
		s := txSrv
		if rc.name == "log" || rc.name == "history" {
			s = mgrSrv
		}
		b.Run(rc.name, func(b *testing.B) { benchRoute(b, s, rc) })
	}
}

func benchRoute(b *testing.B, s *Server, rc routeCase) {
	var req fasthttp.Request
	req.Header.SetMethod(rc.method)
	req.SetRequestURI(rc.uri)
	if rc.body != "" {
		req.Header.SetContentType("application/json")
		req.SetBodyString(rc.body)
	}
	if rc.authorization != "" {
		req.Header.Set("Authorization", rc.authorization)
	}
	var ctx fasthttp.RequestCtx
	ctx.Init(&req, nil, nil)
	b.ReportAllocs()
	for b.Loop() {
		ctx.Response.Reset()
		ctx.ResetUserValues()
		s.handle(&ctx)
		if ctx.Response.StatusCode() != rc.status && !(rc.status == 201 && ctx.Response.StatusCode() == 200) {
			b.Fatalf("%s %s: status %d, want %d: %s", rc.method, rc.uri, ctx.Response.StatusCode(), rc.status, ctx.Response.Body())
		}
	}
}
