package main

import (
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// live counts every POST of the whole run as it happens, for the
// progress display and for the lag against the processed count.
type live struct {
	sent     atomic.Int64
	accepted atomic.Int64 // 201s: each one a transaction txstream must process
	failed   atomic.Int64
}

// driver posts generated transactions to one address.
type driver struct {
	client *fasthttp.HostClient
	uri    string
	mix    *mix
	live   *live
	e2e    *e2eSampler // nil: no end-to-end sampling (the no-op ceiling)
	auth   string      // the Authorization value of every POST; "" for none
}

// newDriver connects up to conns connections to addr (host:port).
func newDriver(addr string, conns int, m *mix, l *live, e2e *e2eSampler) *driver {
	return &driver{
		client: &fasthttp.HostClient{
			Addr:                     addr,
			MaxConns:                 conns,
			ReadTimeout:              30 * time.Second,
			WriteTimeout:             10 * time.Second,
			MaxIdleConnDuration:      time.Minute,
			NoDefaultUserAgentHeader: true,
			MaxConnWaitTimeout:       time.Minute,
		},
		uri: "http://" + addr + "/transactions",
		mix: m, live: l, e2e: e2e,
	}
}

// poster is one worker's reusable request state.
type poster struct {
	d    *driver
	gen  *generator
	req  *fasthttp.Request
	resp *fasthttp.Response
}

func (d *driver) poster() *poster {
	req := fasthttp.AcquireRequest()
	req.Header.SetMethod(fasthttp.MethodPost)
	req.Header.SetContentType("application/json")
	req.SetRequestURI(d.uri)
	if d.auth != "" {
		req.Header.Set(fasthttp.HeaderAuthorization, d.auth)
	}
	return &poster{d: d, gen: d.mix.generator(), req: req, resp: fasthttp.AcquireResponse()}
}

func (p *poster) release() {
	fasthttp.ReleaseRequest(p.req)
	fasthttp.ReleaseResponse(p.resp)
}

// post sends one new transaction and returns its outcome. sentAt is the
// time the end-to-end latency of a sampled transaction starts from.
func (p *poster) post(sentAt time.Time) string {
	body, id, _ := p.gen.body()
	p.req.SetBody(body)
	p.d.live.sent.Add(1)
	err := p.d.client.Do(p.req, p.resp)
	status := p.resp.StatusCode()
	switch {
	case err == nil && status == fasthttp.StatusCreated:
		n := p.d.live.accepted.Add(1)
		if p.d.e2e != nil {
			p.d.e2e.offer(n, string(id), sentAt)
		}
	default:
		p.d.live.failed.Add(1)
	}
	return outcomeOf(status, err)
}
