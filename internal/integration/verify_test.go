package integration

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/poll"
)

// The parts of the answers the checks read.
type (
	txAnswer struct {
		Transaction txRecord `json:"transaction"`
	}
	txRecord struct {
		ID         string        `json:"id"`
		Status     string        `json:"status"`
		Reason     string        `json:"reason"`
		Version    int64         `json:"version"`
		History    []transition  `json:"history"`
		Conversion *convertedVal `json:"conversion"`
		ttl        time.Duration // of a cache entry: how long it has left
		expires    time.Time     // of a cache entry: when it expires
	}
	convertedVal struct {
		ConvertedValue string `json:"converted_value"`
	}
	// transition is an entry of the table's history and of the status log.
	transition struct {
		Version int64  `json:"version"`
		Status  string `json:"status"`
		Reason  string `json:"reason"`
	}
)

func terminal(status string) bool { return status == "completed" || status == "failed" }

// verdict is what the checks found over all acknowledged transactions.
type verdict struct {
	checked      int
	lost         int // answered 201, then unknown to the table
	stuck        int // known to the table but never terminal there
	appliedTwice int // a repeated transition, a version gap, a second terminal state
	wrong        int // terminal, but failed or with a wrong value
	disagreeing  int // the read paths tell different statuses or versions
	cached       int // entries found in Redis and compared (checker.cache set)
	unserved     int // stale entries from before the front was live, which it does not serve
	distrusted   int // stale entries after a refresh the front could not write, which it does not serve
	problems     map[outcome][]string
}

func (v verdict) String() string {
	s := fmt.Sprintf("%d transactions checked: lost %d, stuck %d, applied twice %d, wrong %d, disagreeing %d",
		v.checked, v.lost, v.stuck, v.appliedTwice, v.wrong, v.disagreeing)
	if v.cached > 0 {
		s += fmt.Sprintf(" (%d cache entries compared", v.cached)
		if v.unserved > 0 {
			s += fmt.Sprintf("; %d stale ones left by killed processes, not served and replaced by the GET's fill", v.unserved)
		}
		if v.distrusted > 0 {
			s += fmt.Sprintf("; %d stale ones after refreshes the front reported lost (txstream_cache_distrusts_total), not served and replaced by the GET's fill", v.distrusted)
		}
		s += ")"
	}
	return s
}

// maxProblems bounds the problems a verdict keeps of each outcome for the
// failure message: the first of each, as found, so that quick findings do
// not crowd out those that wait for the deadline.
const maxProblems = 10

// verify checks every acknowledged transaction through the front
// process's services: the transactions table (GET /transactions/{id}?wait)
// and the status log (GET /transactions/{id}/log), within one deadline.
func verify(front *member, acked []sent, within time.Duration) verdict {
	return checker{front: front}.verify(acked, within)
}

// checker reads acknowledged transactions through a front process. With
// cache set it also compares the plain GET (the cache-first read) and the
// transaction's Redis entry with the table.
type checker struct {
	front *member
	cache *redis.Client
	// live is a moment before the front started. Its cache serves no
	// entry written before the front was live until one TTL after that
	// (edge/cache_startup.go), so a stale entry older than live is not
	// what a read gets.
	live time.Time
}

func (c checker) verify(acked []sent, within time.Duration) verdict {
	deadline := time.Now().Add(within)
	work := make(chan sent)
	var mu sync.Mutex
	var v verdict
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for s := range work {
				res := c.check(s, deadline)
				mu.Lock()
				v.count(res)
				mu.Unlock()
			}
		})
	}
	for _, s := range acked {
		work <- s
	}
	close(work)
	wg.Wait()
	return v
}

// outcome classifies one transaction.
type outcome int

const (
	outcomeOK outcome = iota
	outcomeLost
	outcomeStuck
	outcomeTwice
	outcomeWrong
	outcomeDisagree
)

func (o outcome) String() string {
	return [...]string{"ok", "lost", "stuck", "applied twice", "wrong", "disagreeing"}[o]
}

// result is the outcome of one transaction's checks.
type result struct {
	kind    outcome
	problem string
	cached  bool // a Redis entry was found and compared
	// unserved: the entry was stale but older than the front's start, so
	// the front read the table instead, and its fill replaced the entry.
	unserved bool
	// distrusted: the entry was stale after a refresh the front reported
	// it could not write (txstream_cache_distrusts_total), so the front
	// read the table instead, and its fill replaced the entry.
	distrusted bool
}

func (v *verdict) count(r result) {
	v.checked++
	switch r.kind {
	case outcomeLost:
		v.lost++
	case outcomeStuck:
		v.stuck++
	case outcomeTwice:
		v.appliedTwice++
	case outcomeWrong:
		v.wrong++
	case outcomeDisagree:
		v.disagreeing++
	}
	if r.cached {
		v.cached++
	}
	if r.unserved {
		v.unserved++
	}
	if r.distrusted {
		v.distrusted++
	}
	if r.problem == "" || len(v.problems[r.kind]) >= maxProblems {
		return
	}
	if v.problems == nil {
		v.problems = map[outcome][]string{}
	}
	v.problems[r.kind] = append(v.problems[r.kind], r.problem)
}

func (c checker) check(s sent, deadline time.Time) result {
	tx, err := terminalRecord(c.front, s.id, deadline)
	if err != nil {
		return c.unfinished(s, tx, err)
	}
	if p := repeated(tx.History, tx.Version); p != "" {
		return result{kind: outcomeTwice, problem: fmt.Sprintf("%s: table history %v: %s", s.id, tx.History, p)}
	}
	log, err := fullLog(c.front, s.id, tx.Version, deadline)
	if err != nil {
		return result{kind: outcomeDisagree, problem: fmt.Sprintf("%s: table %s, status log: %v", s.id, tx.state(), err)}
	}
	if p := repeated(log, int64(len(log))); p != "" || len(log) != int(tx.Version) {
		return result{kind: outcomeTwice, problem: fmt.Sprintf("%s: status log %v (table version %d): %s", s.id, log, tx.Version, p)}
	}
	if !slices.Equal(log, tx.History) {
		return result{kind: outcomeDisagree, problem: fmt.Sprintf("%s: status log %v differs from the table's history %v", s.id, log, tx.History)}
	}
	if kind, problem := judge(s, tx); kind != outcomeOK {
		return result{kind: kind, problem: problem}
	}
	if c.cache == nil {
		return result{}
	}
	return c.compareReads(s.id, tx)
}

// unfinished classifies a transaction the table never showed terminal:
// lost when the table does not know it, stuck when it does, with what the
// other reads said about it.
func (c checker) unfinished(s sent, last txRecord, err error) result {
	if last.ID == "" {
		return result{kind: outcomeLost, problem: fmt.Sprintf("%s: %v; %s", s.id, err, c.otherReads(s.id))}
	}
	return result{kind: outcomeStuck, problem: fmt.Sprintf("%s: table %s by the deadline; %s", s.id, last.state(), c.otherReads(s.id))}
}

// terminalRecord long-polls the table until the transaction is terminal;
// an answer that comes at once (404 while the front's view has not caught
// up) is polled again after a pause. After the deadline it returns the
// last record the table showed (none when it never knew the id) with the
// error.
func terminalRecord(front *member, id string, deadline time.Time) (txRecord, error) {
	url := front.url(launch.Transaction, "/transactions/"+id+"?wait=5s")
	var found txRecord
	var last string
	done := poll.Within(time.Until(deadline), 100*time.Millisecond, poll.Holds(func() bool {
		var got txAnswer
		a, err := call(context.Background(), http.MethodGet, url, nil, &got)
		switch {
		case err != nil:
			last = err.Error()
		case a.code != http.StatusOK:
			last = fmt.Sprintf("GET ?wait answered %d %.120s", a.code, a.body)
		default:
			found = got.Transaction
			last = "status " + found.Status
			return terminal(found.Status)
		}
		return false
	})) == nil
	if !done {
		return found, fmt.Errorf("not terminal by the deadline; last: %s", last)
	}
	return found, nil
}

// fullLog polls the status log until it holds version entries (the log
// follows the table through its changelog) and its last one is terminal.
func fullLog(front *member, id string, version int64, deadline time.Time) ([]transition, error) {
	url := front.url(launch.Manager, "/transactions/"+id+"/log")
	var last []transition
	var code int
	var lastErr error
	complete := poll.Within(time.Until(deadline), 100*time.Millisecond, poll.Holds(func() bool {
		var entries []transition
		a, err := call(context.Background(), http.MethodGet, url, nil, &entries)
		code, lastErr = a.code, err
		if err != nil || a.code != http.StatusOK {
			return false
		}
		last = entries
		return len(entries) >= int(version) && terminal(entries[len(entries)-1].Status)
	})) == nil
	if !complete {
		return nil, fmt.Errorf("by the deadline the log held %v (answer %d, %v)", last, code, lastErr)
	}
	return last, nil
}

// repeated says what is wrong with a history that should hold versions
// 1..n, each status once, and one terminal status, last; "" when nothing.
func repeated(h []transition, n int64) string {
	if int64(len(h)) != n {
		return fmt.Sprintf("%d entries for version %d", len(h), n)
	}
	seen := map[string]bool{}
	for i, e := range h {
		switch {
		case e.Version != int64(i+1):
			return fmt.Sprintf("entry %d has version %d", i, e.Version)
		case seen[e.Status]:
			return fmt.Sprintf("status %s repeated", e.Status)
		case terminal(e.Status) && i != len(h)-1:
			return fmt.Sprintf("terminal status %s at version %d is not the last", e.Status, e.Version)
		}
		seen[e.Status] = true
	}
	return ""
}

// judge checks the terminal transaction against what was posted: every
// transaction completes, and one in USD carries the converted value.
func judge(s sent, tx txRecord) (outcome, string) {
	want := []string{"received", "completed"}
	if s.converted {
		want = []string{"received", "converting", "completed"}
	}
	got := make([]string, len(tx.History))
	for i, e := range tx.History {
		got[i] = e.Status
	}
	switch {
	case !slices.Equal(got, want):
		return outcomeWrong, fmt.Sprintf("%s: statuses %v (reason %q), want %v", s.id, got, tx.Reason, want)
	case s.converted && (tx.Conversion == nil || tx.Conversion.ConvertedValue != loadConverted):
		return outcomeWrong, fmt.Sprintf("%s: conversion %+v, want %s %s", s.id, tx.Conversion, loadConverted, loadTarget)
	}
	return outcomeOK, ""
}
