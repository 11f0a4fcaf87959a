package main

import (
	"net/http"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/internal/testenv"
)

// TestEdgeE2EIdempotency: the transaction id is the idempotency key.
// Replays are answered as such and produce nothing; another body for an
// id is a 409 that leaves the original untouched; 100 concurrent POSTs of
// one id put exactly one record on the transaction topic.
func TestEdgeE2EIdempotency(t *testing.T) {
	skipShort(t)
	s := startStack(t)
	const body = `{"id":"idem-1","amount":"100.00","currency":"EUR","target_currency":"USD","metadata":{"k":"v"}}`
	// The same request: members in another order, the amount as a number.
	const sameRequest = `{"metadata":{"k":"v"},"target_currency":"USD","currency":"EUR","amount":100,"id":"idem-1"}`

	first := s.do(t, http.MethodPost, s.tx+"/transactions", body).expect(t, http.StatusCreated)
	if first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first POST marked as a replay")
	}
	var created createdReply
	first.decode(t, &created)
	done := s.terminal(t, "idem-1")

	t.Run("replay", func(t *testing.T) {
		for _, b := range []string{body, sameRequest} {
			r := s.do(t, http.MethodPost, s.tx+"/transactions", b).expect(t, http.StatusCreated)
			var c createdReply
			r.decode(t, &c)
			if r.header.Get("Idempotent-Replayed") != "true" || c.Status != "Transaction created" || c.Transaction.Fingerprint != created.Transaction.Fingerprint {
				t.Fatalf("replay of %s: header %q, body %s", b, r.header.Get("Idempotent-Replayed"), r.body)
			}
		}
		s.checkProcessedOnce(t, "idem-1", done)
	})

	t.Run("conflict leaves the original untouched", func(t *testing.T) {
		for _, other := range []string{
			`{"id":"idem-1","amount":"100.01","currency":"EUR","target_currency":"USD","metadata":{"k":"v"}}`,
			`{"id":"idem-1","amount":"100.00","currency":"EUR","target_currency":"GBP","metadata":{"k":"v"}}`,
			`{"id":"idem-1","amount":"100.00","currency":"EUR","target_currency":"USD"}`,
		} {
			s.do(t, http.MethodPost, s.tx+"/transactions", other).problem(t, edge.CodeConflict)
		}
		s.checkProcessedOnce(t, "idem-1", done)
		// And the original is still answered as a replay.
		if r := s.do(t, http.MethodPost, s.tx+"/transactions", body).expect(t, http.StatusCreated); r.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("original after conflicts not a replay")
		}
	})

	t.Run("100 concurrent POSTs of one id make one record", func(t *testing.T) {
		const n = 100
		const b = `{"id":"idem-burst","amount":"5.00","currency":"USD","target_currency":"JPY"}`
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			codes   = map[int]int{}
			replays int
		)
		start := make(chan struct{})
		for range n {
			wg.Go(func() {
				<-start
				r, err := s.send(http.MethodPost, s.tx+"/transactions", b)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				defer mu.Unlock()
				codes[r.code]++
				if r.header.Get("Idempotent-Replayed") == "true" {
					replays++
				}
			})
		}
		close(start)
		wg.Wait()
		if codes[http.StatusCreated] != n || replays != n-1 {
			t.Fatalf("answers %v with %d replays; want %d x 201, all but one replays", codes, replays, n)
		}
		tx := s.terminal(t, "idem-burst")
		s.checkProcessedOnce(t, "idem-burst", tx)
	})
}

// checkProcessedOnce: id has exactly one record on the transaction topic,
// its table record is want (nothing changed since), and its history and
// status log list each status once.
func (s *e2eStack) checkProcessedOnce(t *testing.T, id string, want domain.Transaction) {
	t.Helper()
	if n := s.topicKeys(t, s.topics.Transactions)[id]; n != 1 {
		t.Fatalf("%s holds %d records of %s, want 1", s.topics.Transactions, n, id)
	}
	r, got := s.transaction(t, id, "")
	r.expect(t, http.StatusOK)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("transaction %s changed:\n got %+v\nwant %+v", id, got, want)
	}
	wantStatuses := []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted}
	if !slices.Equal(statuses(got.History), wantStatuses) || got.Conflicts != 0 {
		t.Fatalf("history %v conflicts %d, want %v and none", statuses(got.History), got.Conflicts, wantStatuses)
	}
	var logged []domain.Status
	testenv.Eventually(t, 20*time.Second, func() bool {
		var entries []domain.LogEntry
		s.do(t, http.MethodGet, s.mgr+"/transactions/"+id+"/log", "").decode(t, &entries)
		logged = logged[:0]
		for _, e := range entries {
			logged = append(logged, e.Status)
		}
		return slices.Equal(logged, wantStatuses)
	}, "status log of %s is %v: %v", id, wantStatuses, logged)
}
