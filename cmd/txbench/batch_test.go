package main

import (
	"net"
	"strings"
	"testing"

	"github.com/valyala/fasthttp"
)

// TestBatchPosterCountsCreatedItems: a batch's created items are the
// results answered 201; a refused item's problem, whose own status
// member follows other members, is not one.
func TestBatchPosterCountsCreatedItems(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var got string
	srv := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		got = string(ctx.Path()) + " " + string(ctx.PostBody())
		ctx.SetContentType("application/json")
		ctx.SetBodyString(`{"results":[{"id":"a","status":201},{"id":"b","status":201,"replayed":true},` +
			`{"id":"c","status":400,"problem":{"type":"urn:txstream:problem:invalid_amount","title":"Invalid amount","status":400}}]}`)
	}}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	m, err := newMix(0.5)
	if err != nil {
		t.Fatal(err)
	}
	l := &live{}
	d := newDriver(ln.Addr().String(), 1, m, l, nil)
	p := d.batchPoster()
	defer p.release()
	outcome, ok := p.post(3)
	if outcome != "200" || ok != 2 || l.accepted.Load() != 2 || l.failed.Load() != 1 || l.sent.Load() != 3 {
		t.Fatalf("outcome %s, %d created; live %d sent %d accepted %d failed", outcome, ok, l.sent.Load(), l.accepted.Load(), l.failed.Load())
	}
	if !strings.HasPrefix(got, `/transactions/batch {"transactions":[{"id":"`) || strings.Count(got, `"currency"`) != 3 {
		t.Fatalf("request %s", got)
	}
}
