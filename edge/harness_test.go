package edge

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// env runs the three services on random loopback ports over the fakes.
type env struct {
	tables *fakeTables
	txs    *fakeTransactions
	rates  *fakeRates
	events *fakeEventLog
	obs    *recordingObserver
	cfg    Config
	client *http.Client

	transaction, converter, manager string // base URLs
	servers                         map[Service]*Server
	stops                           map[Service]func() error // serve's stop
}

func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Classify = classifyFake
	cfg.SubmitTimeout = 2 * time.Second
	cfg.WaitMax = 5 * time.Second
	cfg.ShutdownTimeout = 5 * time.Second
	cfg.Webhooks = newFakeWebhooks()
	return cfg
}

// newEnv starts the services; mutate adjusts the config, cache may be nil.
func newEnv(t *testing.T, mutate func(*Config), cache Cache) *env {
	t.Helper()
	e := &env{tables: newFakeTables(), rates: &fakeRates{}, events: &fakeEventLog{}, obs: newRecordingObserver(), servers: map[Service]*Server{}, stops: map[Service]func() error{}}
	e.txs = newFakeTransactions(e.tables)
	e.cfg = testConfig()
	e.cfg.Observer = e.obs
	e.cfg.Events = e.events
	if mutate != nil {
		mutate(&e.cfg)
	}
	tr := &http.Transport{}
	e.client = &http.Client{Transport: tr, Timeout: 20 * time.Second}
	t.Cleanup(tr.CloseIdleConnections)
	build := map[Service]func() (*Server, error){
		ServiceTransaction: func() (*Server, error) { return NewTransactionService(e.cfg, e.txs, e.tables, cache) },
		ServiceConverter:   func() (*Server, error) { return NewConverterService(e.cfg, e.txs, e.tables, e.rates) },
		ServiceManager:     func() (*Server, error) { return NewManagerService(e.cfg, e.tables) },
	}
	for svc, mk := range build {
		s, err := mk()
		if err != nil {
			t.Fatalf("build %s service: %v", svc, err)
		}
		e.servers[svc] = s
		addr, stop := serve(t, s)
		e.stops[svc] = stop
		switch svc {
		case ServiceTransaction:
			e.transaction = "http://" + addr
		case ServiceConverter:
			e.converter = "http://" + addr
		case ServiceManager:
			e.manager = "http://" + addr
		}
	}
	return e
}

// serve runs s on a random port until the test ends (or stop is called)
// and checks that it shut down cleanly.
func serve(t *testing.T, s *Server) (addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var result error
	stopped := false
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			result = <-done
		}
		return result
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("%s service shutdown: %v", s.Service(), err)
		}
	})
	return ln.Addr().String(), stop
}

// answer is one HTTP exchange's result.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// call sends one request; header is name, value pairs.
func (e *env) call(t *testing.T, method, url, body string, header ...string) answer {
	t.Helper()
	a, err := e.send(method, url, body, header...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// send is call for goroutines other than the test's: it returns errors.
func (e *env) send(method, url, body string, header ...string) (answer, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return answer{}, fmt.Errorf("new request: %w", err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return answer{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") == eventContentType {
		// An event stream's body does not end by itself; its tests read it
		// themselves (events_test.go).
		return answer{status: resp.StatusCode, header: resp.Header}, nil
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, fmt.Errorf("read answer of %s %s: %w", method, url, err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// object decodes the answer as a JSON object.
func (a answer) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("answer %d is not a JSON object: %v: %s", a.status, err, a.body)
	}
	return m
}

// expect fails unless the answer has status.
func (a answer) expect(t *testing.T, status int) answer {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d; body %s", a.status, status, a.body)
	}
	return a
}

// expectProblem checks an RFC 9457 answer of the catalog's code.
func (a answer) expectProblem(t *testing.T, code Code) Problem {
	t.Helper()
	_, entry := Lookup(code)
	a.expect(t, entry.Status)
	if ct := a.header.Get("Content-Type"); ct != ProblemContentType {
		t.Fatalf("Content-Type %q, want %q", ct, ProblemContentType)
	}
	var p Problem
	if err := json.Unmarshal(a.body, &p); err != nil {
		t.Fatalf("problem body: %v: %s", err, a.body)
	}
	switch {
	case p.Code != code:
		t.Fatalf("code %q, want %q: %s", p.Code, code, a.body)
	case p.Status != entry.Status || p.Title != entry.Title || p.Error != entry.Title:
		t.Fatalf("status/title/error %d %q %q do not follow the catalog: %s", p.Status, p.Title, p.Error, a.body)
	case p.Type != problemType(code):
		t.Fatalf("type %q, want %q", p.Type, problemType(code))
	}
	if got := a.header.Get("Retry-After"); entry.RetryAfter != (got != "") {
		t.Fatalf("Retry-After %q with catalog RetryAfter=%v", got, entry.RetryAfter)
	}
	return p
}
