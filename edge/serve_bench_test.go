package edge

import (
	"net"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/txstream/txstream/domain"
	"github.com/valyala/fasthttp"
)

// benchServer serves the transaction service over loopback TCP and
// returns a fasthttp client for it.
func benchServer(b *testing.B) (*fasthttp.HostClient, *fakeTables) {
	b.Helper()
	tables := newFakeTables()
	s, err := NewTransactionService(testConfig(), newFakeTransactions(tables), tables, nil)
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = s.srv.Serve(ln) }()
	b.Cleanup(func() { _ = s.srv.Shutdown() })
	return &fasthttp.HostClient{Addr: ln.Addr().String(), MaxConns: 64}, tables
}

// BenchmarkPostTransactionHTTP measures the edge's own cost of a POST over
// TCP (decode, validate, route, answer) with actors that accept at once.
func BenchmarkPostTransactionHTTP(b *testing.B) {
	client, _ := benchServer(b)
	var seq atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(resp)
		req.Header.SetMethod("POST")
		req.Header.SetContentType("application/json")
		req.SetRequestURI("http://" + client.Addr + "/transactions")
		for pb.Next() {
			req.SetBodyString(`{"id":"b-` + strconv.FormatInt(seq.Add(1), 10) + `","amount":"12.34","currency":"USD"}`)
			if err := client.Do(req, resp); err != nil || resp.StatusCode() != 201 {
				b.Fatalf("%v %d %s", err, resp.StatusCode(), resp.Body())
			}
		}
	})
}

// BenchmarkGetTransactionHTTP measures GET /transactions/{id} from the
// table (no cache) over TCP.
func BenchmarkGetTransactionHTTP(b *testing.B) {
	client, tables := benchServer(b)
	tables.putTransaction(record("tx-1", 2, domain.StatusCompleted))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		defer fasthttp.ReleaseRequest(req)
		defer fasthttp.ReleaseResponse(resp)
		req.SetRequestURI("http://" + client.Addr + "/transactions/tx-1")
		for pb.Next() {
			if err := client.Do(req, resp); err != nil || resp.StatusCode() != 200 {
				b.Fatalf("%v %d", err, resp.StatusCode())
			}
		}
	})
}
