package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/internal/testenv"
)

// TestEdgeE2ELongPoll: GET /transactions/{id}?wait= answers as soon as the
// transaction reaches a terminal status, and at its deadline otherwise
// (with the current state, or 404 for an id nobody created); a wait
// longer than --long-poll-max is cut to it. A transaction is kept from
// completing by holding the conversions processor's fetches at the
// broker.
func TestEdgeE2ELongPoll(t *testing.T) {
	skipShort(t)
	s := startStack(t, func(s *e2eStack) { s.longPollMax = 3 * time.Second })
	const margin = 1500 * time.Millisecond // scheduling under -race on 2 cores

	t.Run("answered on the terminal status, for an id posted while waiting", func(t *testing.T) {
		got := s.pollAsync(t, "lp-1", "?wait=3s")
		s.post(t, `{"id":"lp-1","amount":"30.00","currency":"EUR","target_currency":"USD"}`)
		r := <-got
		s.expectStatus(t, r, domain.StatusCompleted)
		if r.elapsed > 2*time.Second {
			t.Fatalf("answered after %s; the transaction completes in milliseconds", r.elapsed)
		}
	})

	t.Run("answered when a held conversion completes", func(t *testing.T) {
		s.needEmbeddedBroker(t)
		h := holdRequests(t, s.cluster, kmsg.Fetch, s.topics.Conversions)
		h.waitHeld(t, 1)
		s.post(t, `{"id":"lp-2","amount":"30.00","currency":"EUR","target_currency":"JPY"}`)
		s.awaitStatus(t, "lp-2", domain.StatusConverting)
		got := s.pollAsync(t, "lp-2", "?wait=3s")
		// Still converting: the poll must not have been answered early.
		select {
		case r := <-got:
			t.Fatalf("long poll answered while converting: %d %s", r.code, r.body)
		default:
		}
		released := time.Now()
		h.release()
		r := <-got
		s.expectStatus(t, r, domain.StatusCompleted)
		if since := time.Since(released); since > 2*time.Second {
			t.Fatalf("answered %s after the conversion was released", since)
		}
	})

	t.Run("answered at the deadline with the current state", func(t *testing.T) {
		s.needEmbeddedBroker(t)
		h := holdRequests(t, s.cluster, kmsg.Fetch, s.topics.Conversions)
		h.waitHeld(t, 1)
		s.post(t, `{"id":"lp-3","amount":"30.00","currency":"EUR","target_currency":"GBP"}`)
		s.awaitStatus(t, "lp-3", domain.StatusConverting)
		const wait = time.Second
		r, tx := s.transaction(t, "lp-3", "?wait=1s")
		r.expect(t, http.StatusOK)
		if tx.Status != domain.StatusConverting || r.elapsed < wait || r.elapsed > wait+margin {
			t.Fatalf("answered %s after %s, want converting after %s (+%s)", tx.Status, r.elapsed, wait, margin)
		}
		h.release()
		if tx := s.terminal(t, "lp-3"); tx.Status != domain.StatusCompleted {
			t.Fatalf("lp-3 ended %s after the release", tx.Status)
		}
	})

	t.Run("unknown id: 404 at the deadline", func(t *testing.T) {
		const wait = time.Second
		r := s.do(t, http.MethodGet, s.tx+"/transactions/lp-never?wait=1s", "")
		r.problem(t, edge.CodeTransactionNotFound)
		if r.elapsed < wait || r.elapsed > wait+margin {
			t.Fatalf("404 after %s, want after %s (+%s)", r.elapsed, wait, margin)
		}
	})

	t.Run("a wait past --long-poll-max is cut to it", func(t *testing.T) {
		r := s.do(t, http.MethodGet, s.tx+"/transactions/lp-never?wait=1h", "")
		r.problem(t, edge.CodeTransactionNotFound)
		if r.elapsed < s.longPollMax || r.elapsed > s.longPollMax+margin {
			t.Fatalf("404 after %s, want after --long-poll-max %s (+%s)", r.elapsed, s.longPollMax, margin)
		}
	})
}

// pollAsync starts GET /transactions/{id}+query and returns its answer on
// the channel; it returns once the request is in the service's handler.
func (s *e2eStack) pollAsync(t *testing.T, id, query string) <-chan reply {
	t.Helper()
	before := s.metricValue(t, "txstream_http_requests_in_flight", "service", "transaction")
	got := make(chan reply, 1)
	go func() {
		r, err := s.send(http.MethodGet, s.tx+"/transactions/"+id+query, "")
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	testenv.Eventually(t, 10*time.Second, func() bool {
		return s.metricValue(t, "txstream_http_requests_in_flight", "service", "transaction") > before
	}, "GET /transactions/%s%s in the handler", id, query)
	return got
}

// awaitStatus waits until the table shows id with status.
func (s *e2eStack) awaitStatus(t *testing.T, id string, status domain.Status) {
	t.Helper()
	testenv.Eventually(t, 20*time.Second, func() bool {
		_, tx := s.transaction(t, id, "")
		return tx.Status == status
	}, "transaction %s %s", id, status)
}

// expectStatus checks a 200 answer of GET /transactions/{id}.
func (s *e2eStack) expectStatus(t *testing.T, r reply, status domain.Status) {
	t.Helper()
	r.expect(t, http.StatusOK)
	var tr transactionReply
	r.decode(t, &tr)
	if tr.Transaction.Status != status {
		t.Fatalf("%s: status %s, want %s: %s", r.url, tr.Transaction.Status, status, r.body)
	}
}

// TestEdgeE2ELongPollsApartFromWrites: long polls count against
// --max-long-polls, not --max-in-flight: with more of them waiting than
// --max-in-flight allows requests, POSTs and plain GETs are still served,
// and a long poll past --max-long-polls gets 503 overloaded with
// Retry-After.
func TestEdgeE2ELongPollsApartFromWrites(t *testing.T) {
	skipShort(t)
	const inFlight, longPolls = 2, 3
	s := startStack(t, func(s *e2eStack) {
		s.extraArgs = append(s.extraArgs, fmt.Sprintf("--max-in-flight=%d", inFlight), fmt.Sprintf("--max-long-polls=%d", longPolls))
	})
	var polls []<-chan reply
	for i := range longPolls {
		polls = append(polls, s.pollAsync(t, fmt.Sprintf("lpw-%d", i), "?wait=10s"))
	}
	// pollAsync saw the requests enter the handler; a refused poll of 1 ms
	// shows that they also hold every long-poll slot.
	testenv.Eventually(t, 10*time.Second, func() bool {
		return s.do(t, http.MethodGet, s.tx+"/transactions/lpw-x?wait=1ms", "").code == http.StatusServiceUnavailable
	}, "a long poll past --max-long-polls refused")
	s.do(t, http.MethodGet, s.tx+"/transactions/lpw-x?wait=10s", "").problem(t, edge.CodeOverloaded)
	s.do(t, http.MethodGet, s.tx+"/transactions/lpw-x", "").problem(t, edge.CodeTransactionNotFound)
	for i := range longPolls {
		s.post(t, fmt.Sprintf(`{"id":"lpw-%d","amount":"30.00","currency":"EUR","target_currency":"USD"}`, i))
	}
	for _, got := range polls {
		s.expectStatus(t, <-got, domain.StatusCompleted)
	}
}
