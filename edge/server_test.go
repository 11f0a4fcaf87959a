package edge

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/txstream/txstream/internal/testenv"
)

func TestProbes(t *testing.T) {
	reg := prometheus.NewRegistry()
	probe := prometheus.NewCounter(prometheus.CounterOpts{Name: "edge_test_probe_total", Help: "test"})
	reg.MustRegister(probe)
	probe.Inc()
	e := newEnv(t, func(c *Config) { c.Metrics = promhttp.HandlerFor(reg, promhttp.HandlerOpts{}) }, nil)
	for _, base := range []string{e.transaction, e.converter, e.manager} {
		t.Run(base, func(t *testing.T) {
			if body := e.call(t, "GET", base+"/healthz", "").expect(t, http.StatusOK).object(t); body["status"] != "ok" {
				t.Fatalf("healthz %v", body)
			}
			if body := e.call(t, "GET", base+"/readyz", "").expect(t, http.StatusOK).object(t); body["status"] != "ready" {
				t.Fatalf("readyz %v", body)
			}
			e.tables.setReady(false)
			e.call(t, "GET", base+"/readyz", "").expectProblem(t, CodeNotReady)
			e.tables.setReady(true)
			if m := e.call(t, "GET", base+"/metrics", "").expect(t, http.StatusOK); !strings.Contains(string(m.body), "edge_test_probe_total 1") {
				t.Fatalf("metrics body %s", m.body)
			}
			if doc := e.call(t, "GET", base+"/openapi.json", "").expect(t, http.StatusOK); string(doc.body) != string(openAPIDocument) {
				t.Fatal("openapi.json is not the embedded document")
			}
		})
	}
}

func TestMetricsNotExposed(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.call(t, "GET", e.manager+"/metrics", "").expectProblem(t, CodeRouteNotFound)
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	e := newEnv(t, nil, nil)
	cases := []struct {
		name, method, url string
		code              Code
		allow             string
	}{
		{"unknown path", "GET", e.transaction + "/nope", CodeRouteNotFound, ""},
		{"trailing slash", "GET", e.transaction + "/transactions/", CodeRouteNotFound, ""},
		{"route of another service", "GET", e.transaction + "/convert/c-1", CodeRouteNotFound, ""},
		{"deeper path", "GET", e.manager + "/transactions/tx-1/log/x", CodeRouteNotFound, ""},
		{"other case, not redirected", "GET", e.transaction + "/Transactions/tx-1", CodeRouteNotFound, ""},
		{"probe with a trailing slash, not redirected", "GET", e.manager + "/healthz/", CodeRouteNotFound, ""},
		{"GET on POST route", "GET", e.transaction + "/transactions", CodeMethodNotAllowed, "POST"},
		{"DELETE a transaction", "DELETE", e.transaction + "/transactions/tx-1", CodeMethodNotAllowed, "GET, PUT"},
		{"DELETE the batch route", "DELETE", e.transaction + "/transactions/batch", CodeMethodNotAllowed, "GET, POST, PUT"},
		{"POST rates", "POST", e.converter + "/rates/USD", CodeMethodNotAllowed, "PUT"},
		{"POST healthz", "POST", e.manager + "/healthz", CodeMethodNotAllowed, "GET"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := e.call(t, tc.method, tc.url, "")
			a.expectProblem(t, tc.code)
			if got := a.header.Get("Allow"); got != tc.allow {
				t.Fatalf("Allow %q, want %q", got, tc.allow)
			}
		})
	}
}

func TestObserverLabelsAreTemplates(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.call(t, "POST", e.transaction+"/transactions", txBody).expect(t, http.StatusCreated)
	e.call(t, "GET", e.transaction+"/transactions/tx-1", "")
	e.call(t, "GET", e.transaction+"/transactions/other-id", "")
	e.call(t, "GET", e.transaction+"/no/such/path", "")
	e.call(t, "BREW", e.transaction+"/transactions/tx-1", "")
	want := map[string]int{
		"transaction POST /transactions 201":       1,
		"transaction GET /transactions/{id} 404":   2,
		"transaction GET unmatched 404":            1,
		"transaction OTHER /transactions/{id} 405": 1,
	}
	for key, n := range want {
		if got := e.obs.requestCount(key); got != n {
			t.Errorf("%q counted %d, want %d; all: %v", key, got, n, e.obs.routes())
		}
	}
	for key := range e.obs.routes() {
		if strings.Contains(key, "tx-1") || strings.Contains(key, "other-id") || strings.Contains(key, "/no/") {
			t.Errorf("raw path in a label: %q", key)
		}
	}
	e.obs.mu.Lock()
	defer e.obs.mu.Unlock()
	for svc, n := range e.obs.inFlight {
		if n != 0 {
			t.Errorf("%s in flight %d after all answers", svc, n)
		}
	}
}

func TestInFlightLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxInFlight = 1 }, nil)
	release := e.txs.blockSubmits(false)
	first := make(chan error, 1)
	go func() {
		a, err := e.send("POST", e.transaction+"/transactions", txBody)
		if err == nil && a.status != http.StatusCreated {
			err = errors.New(string(a.body))
		}
		first <- err
	}()
	<-e.txs.entered // the first request holds the only slot
	e.call(t, "POST", e.transaction+"/transactions", `{"id":"tx-2","amount":"1","currency":"USD"}`).expectProblem(t, CodeOverloaded)
	e.call(t, "GET", e.transaction+"/transactions/tx-2", "").expectProblem(t, CodeOverloaded)
	e.call(t, "GET", e.transaction+"/healthz", "").expect(t, http.StatusOK)
	e.call(t, "GET", e.transaction+"/readyz", "").expect(t, http.StatusOK)
	release()
	if err := <-first; err != nil {
		t.Fatalf("the admitted request: %v", err)
	}
	e.call(t, "GET", e.transaction+"/transactions/tx-2", "").expectProblem(t, CodeTransactionNotFound)
	if e.obs.overloadedCount() != 2 {
		t.Fatalf("overloaded counted %d, want 2", e.obs.overloadedCount())
	}
}

func TestGracefulShutdown(t *testing.T) {
	e := newEnv(t, nil, nil)
	s, err := NewTransactionService(e.cfg, e.txs, e.tables, nil)
	if err != nil {
		t.Fatal(err)
	}
	addr, stop := serve(t, s)
	base := "http://" + addr
	e.tables.putTransaction(record("tx-w", 1, "received"))
	release := e.txs.blockSubmits(false)

	post := make(chan answer, 1)
	poll := make(chan answer, 1)
	go func() { a, _ := e.send("POST", base+"/transactions", txBody); post <- a }()
	<-e.txs.entered
	go func() { a, _ := e.send("GET", base+"/transactions/tx-w?wait=30s", ""); poll <- a }()
	testenv.Eventually(t, 5*time.Second, func() bool { return e.tables.txReads.Load() >= 1 }, "long poll started")

	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	// The long poll ends at once with the current state; the write waiting
	// for Kafka is let finish.
	if a := <-poll; a.status != http.StatusOK {
		t.Fatalf("long poll during shutdown: %d %s", a.status, a.body)
	}
	release()
	if a := <-post; a.status != http.StatusCreated {
		t.Fatalf("in-flight POST during shutdown: %d %s", a.status, a.body)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Fatal("still accepting after shutdown")
	}
}

func TestShutdownDeadline(t *testing.T) {
	e := newEnv(t, nil, nil)
	cfg := e.cfg
	cfg.ShutdownTimeout = 200 * time.Millisecond
	s, err := NewTransactionService(cfg, e.txs, e.tables, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	release := e.txs.blockSubmits(true) // ignores every context
	defer release()
	post := make(chan error, 1)
	go func() { _, err := e.send("POST", "http://"+ln.Addr().String()+"/transactions", txBody); post <- err }()
	<-e.txs.entered
	start := time.Now()
	cancel()
	if err := <-done; !errors.Is(err, ErrShutdownTimeout) {
		t.Fatalf("Serve returned %v, want ErrShutdownTimeout", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("shutdown took %s with a 200ms deadline", took)
	}
	if err := <-post; err == nil {
		t.Fatal("the stuck request's connection was not closed")
	}
	if err := s.Serve(context.Background(), ln); !errors.Is(err, ErrAlreadyServing) {
		t.Fatalf("second Serve: %v", err)
	}
}

func TestRunListensOnConfiguredAddress(t *testing.T) {
	cfg := testConfig()
	cfg.ManagerAddr = "127.0.0.1:0"
	s, err := NewManagerService(cfg, newFakeTables())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	testenv.Eventually(t, 5*time.Second, func() bool { return s.Addr() != "" }, "server bound")
	resp, err := http.Get("http://" + s.Addr() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	cfg.ManagerAddr = "256.0.0.1:99999"
	bad, _ := NewManagerService(cfg, newFakeTables())
	if err := bad.Run(context.Background()); err == nil {
		t.Fatal("Run on an impossible address succeeded")
	}
}
