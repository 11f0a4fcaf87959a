package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/internal/testenv"
)

// reply is one HTTP answer of the stack, read whole.
type reply struct {
	method, url string
	code        int
	header      http.Header
	body        []byte
	elapsed     time.Duration
}

// do sends one request; body "" sends none. headers are name, value pairs;
// a body is sent as application/json unless they say otherwise.
func (s *e2eStack) do(t testing.TB, method, url, body string, headers ...string) reply {
	t.Helper()
	r, err := s.send(method, url, body, headers...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// send is do for goroutines other than the test's: it returns the error.
func (s *e2eStack) send(method, url, body string, headers ...string) (reply, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, rd)
	if err != nil {
		return reply{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	start := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return reply{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Type") == "text/event-stream" {
		// An event stream's body does not end by itself.
		return reply{method: method, url: url, code: resp.StatusCode, header: resp.Header, elapsed: time.Since(start)}, nil
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, fmt.Errorf("%s %s: read body: %w", method, url, err)
	}
	return reply{method: method, url: url, code: resp.StatusCode, header: resp.Header, body: raw, elapsed: time.Since(start)}, nil
}

// expect fails the test unless the answer has status code.
func (r reply) expect(t testing.TB, code int) reply {
	t.Helper()
	if r.code != code {
		t.Fatalf("%s %s: status %d, want %d; body %s", r.method, r.url, r.code, code, r.body)
	}
	return r
}

// decode reads the body into v, strictly JSON.
func (r reply) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("%s %s: body is not the expected JSON: %v: %s", r.method, r.url, err, r.body)
	}
}

// object reads the body as a JSON object.
func (r reply) object(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// problem checks an error answer: the status, problem+json, the catalog's
// code, title and the seed's "error" member equal to the title, and
// Retry-After exactly when the catalog asks for it.
func (r reply) problem(t testing.TB, code edge.Code) edge.Problem {
	t.Helper()
	_, entry := edge.Lookup(code)
	r.expect(t, entry.Status)
	if ct := r.header.Get("Content-Type"); ct != edge.ProblemContentType {
		t.Fatalf("%s %s: Content-Type %q, want %q", r.method, r.url, ct, edge.ProblemContentType)
	}
	var p edge.Problem
	r.decode(t, &p)
	if p.Code != code || p.Status != entry.Status || p.Title != entry.Title || p.Error != entry.Title {
		t.Fatalf("%s %s: problem %+v, want code %s, status %d, title and error %q", r.method, r.url, p, code, entry.Status, entry.Title)
	}
	if got := r.header.Get("Retry-After"); (got != "") != entry.RetryAfter {
		t.Fatalf("%s %s: Retry-After %q; the catalog says %v for %s", r.method, r.url, got, entry.RetryAfter, code)
	}
	return p
}

// The answers' shapes, as a client reads them.
type (
	createdReply struct {
		Status      string             `json:"status"`
		Transaction domain.Transaction `json:"transaction"`
	}
	transactionReply struct {
		Transaction domain.Transaction `json:"transaction"`
	}
	conversionReply struct {
		ID             string  `json:"id"`
		Status         string  `json:"status"`
		ConvertedValue *string `json:"converted_value"`
		Rate           string  `json:"rate"`
		RateDate       string  `json:"rate_date"`
		RateSource     string  `json:"rate_source"`
		Rounding       string  `json:"rounding"`
		Amount         string  `json:"amount"`
		From           string  `json:"from"`
		To             string  `json:"to"`
		Reason         string  `json:"reason"`
	}
	ratesReply struct {
		Base  string        `json:"base"`
		Rates []domain.Rate `json:"rates"`
	}
)

// post submits a transaction and expects 201 Transaction created.
func (s *e2eStack) post(t testing.TB, body string) createdReply {
	t.Helper()
	var c createdReply
	s.do(t, http.MethodPost, s.tx+"/transactions", body).expect(t, http.StatusCreated).decode(t, &c)
	if c.Status != "Transaction created" {
		t.Fatalf("POST %s: status member %q", body, c.Status)
	}
	return c
}

// transaction reads GET /transactions/{id} (query may add ?wait=).
func (s *e2eStack) transaction(t testing.TB, id, query string) (reply, domain.Transaction) {
	t.Helper()
	r := s.do(t, http.MethodGet, s.tx+"/transactions/"+id+query, "")
	var tr transactionReply
	if r.code == http.StatusOK {
		r.decode(t, &tr)
	}
	return r, tr.Transaction
}

// terminal long-polls until transaction id is completed or failed.
func (s *e2eStack) terminal(t testing.TB, id string) domain.Transaction {
	t.Helper()
	var tx domain.Transaction
	testenv.Eventually(t, 30*time.Second, func() bool {
		var r reply
		r, tx = s.transaction(t, id, "?wait=5s")
		return r.code == http.StatusOK && tx.Status.Terminal()
	}, "transaction %s terminal", id)
	return tx
}

// conversion reads GET /convert/{id}.
func (s *e2eStack) conversion(t testing.TB, id string) (reply, conversionReply) {
	t.Helper()
	r := s.do(t, http.MethodGet, s.conv+"/convert/"+id, "")
	var c conversionReply
	if r.code == http.StatusOK {
		r.decode(t, &c)
	}
	return r, c
}

// statuses lists the statuses of a history, in order.
func statuses(h []domain.StatusChange) []domain.Status {
	out := make([]domain.Status, len(h))
	for i, c := range h {
		out[i] = c.Status
	}
	return out
}
