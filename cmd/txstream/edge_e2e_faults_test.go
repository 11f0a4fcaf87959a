package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/internal/testenv"
)

// TestEdgeE2EActorPanic injects a panic into one actor
// (actors.FaultInjector, through the process's faults seam): that request
// fails cleanly with a 500 problem, the supervisor restarts the actor,
// and the next requests for that id and for others succeed.
func TestEdgeE2EActorPanic(t *testing.T) {
	skipShort(t)
	s := startStack(t)
	const body = `{"id":"pn-%d","amount":"12.00","currency":"EUR","target_currency":"USD"}`

	t.Run("before the produce: nothing on Kafka, a retry produces", func(t *testing.T) {
		s.faults.PanicOnce(actors.KindTransaction, "pn-1", actors.BeforeProduce)
		p := s.do(t, http.MethodPost, s.tx+"/transactions", fmt.Sprintf(body, 1)).problem(t, edge.CodeInternal)
		if p.Status != http.StatusInternalServerError {
			t.Fatalf("problem %+v", p)
		}
		if n := s.topicKeys(t, s.topics.Transactions)["pn-1"]; n != 0 {
			t.Fatalf("the failed request left %d records", n)
		}
		// Another id meanwhile, then the same id again.
		s.post(t, fmt.Sprintf(body, 2))
		r := s.do(t, http.MethodPost, s.tx+"/transactions", fmt.Sprintf(body, 1)).expect(t, http.StatusCreated)
		if r.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("retry after a panic before the produce is marked as a replay")
		}
		for _, id := range []string{"pn-1", "pn-2"} {
			if tx := s.terminal(t, id); tx.Status != domain.StatusCompleted {
				t.Fatalf("%s ended %s", id, tx.Status)
			}
		}
		if n := s.topicKeys(t, s.topics.Transactions)["pn-1"]; n != 1 {
			t.Fatalf("pn-1 has %d records, want 1", n)
		}
	})

	t.Run("after the ack: the retry is a replay, processed once", func(t *testing.T) {
		s.faults.PanicOnce(actors.KindTransaction, "pn-3", actors.AfterAck)
		s.do(t, http.MethodPost, s.tx+"/transactions", fmt.Sprintf(body, 3)).problem(t, edge.CodeInternal)
		r := s.do(t, http.MethodPost, s.tx+"/transactions", fmt.Sprintf(body, 3)).expect(t, http.StatusCreated)
		if r.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry after a panic after the ack is not a replay")
		}
		tx := s.terminal(t, "pn-3")
		s.checkProcessedOnce(t, "pn-3", tx)
	})

	t.Run("a conversion actor", func(t *testing.T) {
		const conv = `{"id":"pn-c1","amount":"40","from":"USD","to":"CHF"}`
		s.faults.PanicOnce(actors.KindConversion, "pn-c1", actors.BeforeProduce)
		s.do(t, http.MethodPost, s.conv+"/convert", conv).problem(t, edge.CodeInternal)
		s.do(t, http.MethodPost, s.conv+"/convert", conv).expect(t, http.StatusOK)
		testenv.Eventually(t, 20*time.Second, func() bool {
			_, c := s.conversion(t, "pn-c1")
			return c.Status == "completed"
		}, "conversion pn-c1 completed")
	})

	t.Run("restarts counted, server alive", func(t *testing.T) {
		if n := s.metricValue(t, "txstream_actor_restarts_total", "reason", "injected"); n != 3 {
			t.Fatalf("%v injected restarts counted, want 3", n)
		}
		s.do(t, http.MethodGet, s.tx+"/healthz", "").expect(t, http.StatusOK)
		s.post(t, fmt.Sprintf(body, 4))
	})
}

// TestEdgeE2ERedisOutage stops the real redis-server under the cache:
// GETs of existing transactions still answer 200 from the table (counted
// as fallbacks, never a 5xx); started again, the cache fills again.
func TestEdgeE2ERedisOutage(t *testing.T) {
	skipShort(t)
	if _, err := exec.LookPath("redis-server"); err != nil || os.Getenv("REDIS_ADDR") != "" {
		t.Skip("stops and starts a redis-server of its own: needs one on the PATH, and REDIS_ADDR unset")
	}
	s := startStack(t)
	ids := []string{"rd-1", "rd-2", "rd-3"}
	want := map[string]domain.Transaction{}
	for _, id := range ids {
		s.post(t, fmt.Sprintf(`{"id":%q,"amount":"7.00","currency":"EUR","target_currency":"PLN"}`, id))
		want[id] = s.terminal(t, id)
	}
	for _, id := range ids { // a read fills the entry (or the change feed did)
		s.expectCached(t, id, want[id].Version)
	}
	hits := s.metricValue(t, "txstream_cache_lookups_total", "result", "hit")
	s.checkReads(t, want)
	if got := s.metricValue(t, "txstream_cache_lookups_total", "result", "hit"); got < hits+float64(len(ids)) {
		t.Fatalf("cache hits %v -> %v, want every read a hit while Redis is up", hits, got)
	}

	s.redis.Stop()
	fallbacks := s.metricValue(t, "txstream_cache_lookups_total", "result", "fallback")
	for range 3 {
		s.checkReads(t, want)
	}
	// A transaction made during the outage is read from the table too.
	s.post(t, `{"id":"rd-4","amount":"8.00","currency":"EUR"}`)
	want["rd-4"] = s.terminal(t, "rd-4")
	s.checkReads(t, want)
	if got := s.metricValue(t, "txstream_cache_lookups_total", "result", "fallback"); got < fallbacks+float64(3*len(ids)) {
		t.Fatalf("cache fallbacks %v -> %v during the outage, want one per read", fallbacks, got)
	}
	if n := s.metricValue(t, "txstream_http_requests_total", "service", "transaction", "code", "503") +
		s.metricValue(t, "txstream_http_requests_total", "service", "transaction", "code", "500"); n != 0 {
		t.Fatalf("%v 5xx answers during the Redis outage", n)
	}

	s.redis.Start(t)
	for id, tx := range want {
		testenv.Eventually(t, 20*time.Second, func() bool {
			s.checkReads(t, map[string]domain.Transaction{id: tx})
			return s.cachedVersion(id) == tx.Version
		}, "Redis holds %s version %d again", id, tx.Version)
	}
}

// checkReads: every GET /transactions/{id} answers 200 with the record,
// within a second even while Redis is down (a Redis command is bounded by
// the cache's 100ms timeout, then backs off).
func (s *e2eStack) checkReads(t *testing.T, want map[string]domain.Transaction) {
	t.Helper()
	for id, tx := range want {
		r, got := s.transaction(t, id, "")
		r.expect(t, http.StatusOK)
		if got.ID != id || got.Version != tx.Version || got.Status != tx.Status || got.Fingerprint != tx.Fingerprint {
			t.Fatalf("GET %s = %+v, want %+v", id, got, tx)
		}
		if r.elapsed > time.Second {
			t.Fatalf("GET %s took %s", id, r.elapsed)
		}
	}
}

// expectCached waits until Redis holds version of id (read through GET).
func (s *e2eStack) expectCached(t *testing.T, id string, version int64) {
	t.Helper()
	testenv.Eventually(t, 10*time.Second, func() bool {
		s.do(t, http.MethodGet, s.tx+"/transactions/"+id, "").expect(t, http.StatusOK)
		return s.cachedVersion(id) == version
	}, "Redis holds %s version %d", id, version)
}

// cachedVersion is the version of id's cache entry in Redis, 0 for none:
// the score of the entry's highest member (edge/cache_write.go).
func (s *e2eStack) cachedVersion(id string) int64 {
	top, err := s.rdb.ZRangeWithScores(context.Background(), cache.DefaultConfig().KeyPrefix+id, -1, -1).Result()
	if err != nil || len(top) == 0 {
		return 0
	}
	return int64(top[0].Score)
}

// TestEdgeE2EBrokerOutage: with Kafka not answering (the embedded broker
// holds the produce requests of a write's topic) every write answers 504
// outcome_unknown within its bound, because the record may land (and
// does); refusing (it answers them with an error), POST answers 503 with
// Retry-After within --produce-timeout, because nothing was written. Every
// transaction answered 201 before is in the table, completed, processed
// once. Retries after the outage are safe.
func TestEdgeE2EBrokerOutage(t *testing.T) {
	skipShort(t)
	if testenv.RealKafka() {
		t.Skip("holds and refuses requests in the embedded broker; KAFKA_BROKERS is set")
	}
	s := startStack(t)
	const margin = time.Second // scheduling under -race on 2 cores
	bound := s.produceTimeout
	body := func(id string) string {
		return fmt.Sprintf(`{"id":%q,"amount":"3.00","currency":"EUR","target_currency":"NOK"}`, id)
	}
	var acked []string
	for i := range 5 {
		id := fmt.Sprintf("bk-ok-%d", i)
		s.post(t, body(id))
		acked = append(acked, id)
	}

	// Every write whose produce the broker holds past its deadline: 504
	// outcome_unknown, not 503, since each of them lands once the broker
	// answers (edge_e2e_outcome_test.go).
	for _, w := range outcomeUnknownWrites(s) {
		t.Run("not answering: "+w.name, func(t *testing.T) { checkOutcomeUnknown(t, s, w) })
	}
	acked = append(acked, "ou-tx")

	t.Run("refusing: 503 within the bound", func(t *testing.T) {
		f := s.cluster.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: s.topics.Transactions, Err: kerr.NotEnoughReplicas, Count: -1})
		r := s.do(t, http.MethodPost, s.tx+"/transactions", body("bk-refused"))
		hits := f.Hits()
		f.Remove()
		r.problem(t, edge.CodeUnavailable)
		if r.elapsed > bound+margin || hits == 0 {
			t.Fatalf("503 after %s (bound %s), %d produce requests refused", r.elapsed, bound, hits)
		}
		t.Logf("503 after %s, %d produce requests refused", r.elapsed.Round(time.Millisecond), hits)
		s.do(t, http.MethodPost, s.tx+"/transactions", body("bk-refused")).expect(t, http.StatusCreated)
		acked = append(acked, "bk-refused")
	})

	t.Run("nothing acknowledged is lost", func(t *testing.T) {
		want := []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted}
		keys := s.topicKeys(t, s.topics.Transactions)
		for _, id := range acked {
			tx := s.terminal(t, id)
			if tx.Status != domain.StatusCompleted || !slices.Equal(statuses(tx.History), want) || keys[id] < 1 {
				t.Fatalf("%s: %s after %v with %d records, want completed once", id, tx.Status, statuses(tx.History), keys[id])
			}
		}
		for i := range 5 {
			if n := keys[acked[i]]; n != 1 {
				t.Fatalf("%s, acknowledged before the outage, has %d records", acked[i], n)
			}
		}
	})
}
