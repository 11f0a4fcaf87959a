package main

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
)

// serveOnLoopback serves h on a free loopback port until the test ends.
func serveOnLoopback(t *testing.T, h fasthttp.RequestHandler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &fasthttp.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Shutdown() })
	return ln.Addr().String()
}

func testDriver(t *testing.T, addr string, conns int) *driver {
	t.Helper()
	m, err := newMix(0.5)
	if err != nil {
		t.Fatal(err)
	}
	return newDriver(addr, conns, m, &live{}, nil)
}

// A server that stalls once must show the stall in every request that was
// due during it: the open loop measures from the intended send time. The
// service time (from the actual send) shows one slow request only, as a
// closed loop would.
func TestOpenLoopCountsStallForQueuedRequests(t *testing.T) {
	var n atomic.Int64
	addr := serveOnLoopback(t, func(ctx *fasthttp.RequestCtx) {
		if n.Add(1) == 50 {
			time.Sleep(300 * time.Millisecond) // the server under test stalls; not synchronization
		}
		noopHandler(ctx)
	})
	d := testDriver(t, addr, 1)
	r := d.openLoop(context.Background(), "stall", 500, 1, time.Second, 5*time.Second)
	if r.Accepted != 500 || r.Errors != 0 || r.Unsent != 0 {
		t.Fatalf("accepted %d errors %d unsent %d, want 500 0 0 (%v)", r.Accepted, r.Errors, r.Unsent, r.Outcomes)
	}
	// About 150 requests were due during the 300 ms stall: 30% of 500.
	if r.Latency.P90 < 50 {
		t.Errorf("open-loop p90 %.2f ms hides the stall", r.Latency.P90)
	}
	if r.Service.P90 > 50 {
		t.Errorf("service-time p90 %.2f ms; only one request was slow to serve", r.Service.P90)
	}
	if r.Latency.Max < 290 {
		t.Errorf("max %.2f ms, want the 300 ms stall", r.Latency.Max)
	}
}

func TestOpenLoopKeepsItsRate(t *testing.T) {
	addr := serveOnLoopback(t, noopHandler)
	d := testDriver(t, addr, 8)
	r := d.openLoop(context.Background(), "steady", 2000, 8, time.Second, time.Second)
	if r.Accepted != 2000 {
		t.Fatalf("accepted %d of 2000: %v", r.Accepted, r.Outcomes)
	}
	if r.Rate < 1500 || r.Rate > 2100 {
		t.Errorf("rate %.0f/s, want about 2000/s", r.Rate)
	}
}

func TestScheduleSpacesTickets(t *testing.T) {
	tickets := make(chan time.Time, 100)
	start := time.Now()
	schedule(context.Background(), tickets, start, 1000, 100)
	i := 0
	for at := range tickets {
		if want := start.Add(time.Duration(i) * time.Millisecond); !at.Equal(want) {
			t.Fatalf("ticket %d due %v after start, want %v", i, at.Sub(start), want.Sub(start))
		}
		i++
	}
	if i != 100 {
		t.Fatalf("%d tickets, want 100", i)
	}
	if elapsed := time.Since(start); elapsed < 99*time.Millisecond {
		t.Errorf("100 tickets at 1000/s issued in %v: not paced", elapsed)
	}
}

func TestClosedLoopAndCount(t *testing.T) {
	addr := serveOnLoopback(t, noopHandler)
	d := testDriver(t, addr, 4)
	r := d.closedCount(context.Background(), "count", 4, 1000)
	if r.Accepted != 1000 || r.Sent != 1000 || d.live.accepted.Load() != 1000 {
		t.Fatalf("accepted %d sent %d live %d, want 1000", r.Accepted, r.Sent, d.live.accepted.Load())
	}
	r = d.closedLoop(context.Background(), "timed", 4, 200*time.Millisecond)
	if r.Accepted == 0 || r.Errors != 0 || r.Seconds < 0.2 {
		t.Fatalf("closed loop: %+v", r)
	}
}

func TestNoopAnswersTheRequestShape(t *testing.T) {
	addr := serveOnLoopback(t, noopHandler)
	d := testDriver(t, addr, 1)
	p := d.poster()
	defer p.release()
	if got := p.post(time.Now()); got != "201" {
		t.Fatalf("outcome %s", got)
	}
	if string(p.resp.Header.ContentType()) != "application/json" || len(p.resp.Body()) < 300 {
		t.Errorf("answer %q %s", p.resp.Header.ContentType(), p.resp.Body())
	}
}
