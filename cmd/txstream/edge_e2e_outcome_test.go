package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/internal/testenv"
)

// heldWrite is one write (POST or PUT) whose produce the embedded broker
// holds past the write's deadline, and how to see that it landed anyway.
type heldWrite struct {
	name, method, path, body string
	topic                    string
	// bound is how long the write may wait for Kafka before it answers.
	bound time.Duration
	// landed reports whether the write took effect, with no retry.
	landed func(t *testing.T) bool
	// retried checks the answer to the same request sent again once the
	// broker answers; nil sends no retry.
	retried func(t *testing.T, r reply)
}

// outcomeUnknownWrites: every write of the services that produces.
func outcomeUnknownWrites(s *e2eStack) []heldWrite {
	replayed := func(status int) func(*testing.T, reply) {
		return func(t *testing.T, r reply) {
			r.expect(t, status)
			if r.header.Get("Idempotent-Replayed") != "true" {
				t.Fatalf("%s %s after the record landed: not a replay; body %s", r.method, r.url, r.body)
			}
		}
	}
	return []heldWrite{{
		name: "POST /transactions", method: http.MethodPost, path: s.tx + "/transactions",
		body:  `{"id":"ou-tx","amount":"3.00","currency":"EUR","target_currency":"NOK"}`,
		topic: s.topics.Transactions, bound: s.produceTimeout,
		landed: func(t *testing.T) bool {
			r, tx := s.transaction(t, "ou-tx", "")
			return r.code == http.StatusOK && tx.Status == domain.StatusCompleted
		},
		retried: replayed(http.StatusCreated),
	}, {
		name: "POST /convert", method: http.MethodPost, path: s.conv + "/convert",
		body:  `{"id":"ou-conv","amount":"4.00","from":"EUR","to":"SEK"}`,
		topic: s.topics.Conversions, bound: s.produceTimeout,
		landed: func(t *testing.T) bool {
			r, c := s.conversion(t, "ou-conv")
			return r.code == http.StatusOK && c.Status == string(domain.StatusCompleted)
		},
		retried: replayed(http.StatusOK),
	}, {
		name: "PUT /rates/{code}", method: http.MethodPut, path: s.conv + "/rates/CLP",
		body:  `{"rate":"1012.5","date":"2024-07-01","source":"e2e"}`,
		topic: s.topics.Rates, bound: s.produceTimeout + time.Second, // the edge's own bound: it does not go through the actors
		landed: func(t *testing.T) bool {
			var got ratesReply
			s.do(t, http.MethodGet, s.conv+"/rates", "").expect(t, http.StatusOK).decode(t, &got)
			return slices.ContainsFunc(got.Rates, func(r domain.Rate) bool { return r.Currency == "CLP" && r.Rate == "1012.5" })
		},
	}}
}

// checkOutcomeUnknown: a write whose produce the broker holds past its
// deadline may still be written, so it is answered 504 outcome_unknown
// (with Retry-After) within its bound, never 503 unavailable; once the
// broker answers, the record lands and takes effect with no retry, and a
// retry with the same id is a replay.
func checkOutcomeUnknown(t *testing.T, s *e2eStack, w heldWrite) {
	const margin = time.Second // scheduling under -race on 2 cores
	h := holdRequests(t, s.cluster, kmsg.Produce, w.topic)
	r := s.do(t, w.method, w.path, w.body)
	if h.held() == 0 {
		t.Fatalf("no produce request to %s was held", w.topic)
	}
	if p := r.problem(t, edge.CodeOutcomeUnknown); !strings.Contains(p.Detail, "the same id") {
		t.Fatalf("%s: the detail does not say to retry with the same id: %q", w.name, p.Detail)
	}
	if r.elapsed > w.bound+margin {
		t.Fatalf("%s: answered after %s, bound %s (+%s)", w.name, r.elapsed, w.bound, margin)
	}
	t.Logf("%s: %d after %s (bound %s)", w.name, r.code, r.elapsed.Round(time.Millisecond), w.bound)
	h.release()
	testenv.Eventually(t, 30*time.Second, func() bool { return w.landed(t) }, "%s, answered %d, took effect once the broker answered", w.name, r.code)
	if w.retried != nil {
		w.retried(t, s.do(t, w.method, w.path, w.body))
	}
}
