package integration

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
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
	lost         int // answered 201, then unknown or never terminal
	appliedTwice int // a repeated transition, a version gap, a second terminal state
	wrong        int // terminal, but failed or with a wrong value
	problems     []string
}

func (v verdict) String() string {
	return fmt.Sprintf("%d transactions checked: lost %d, applied twice %d, wrong %d",
		v.checked, v.lost, v.appliedTwice, v.wrong)
}

// verify checks every acknowledged transaction through the front
// process's services: the transactions table (GET /transactions/{id}) and
// the status log (GET /transactions/{id}/log), within one deadline.
func verify(front *member, acked []sent, within time.Duration) verdict {
	deadline := time.Now().Add(within)
	work := make(chan sent)
	var mu sync.Mutex
	var v verdict
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for s := range work {
				kind, problem := checkOne(front, s, deadline)
				mu.Lock()
				v.count(kind, problem)
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
	outcomeTwice
	outcomeWrong
)

func (v *verdict) count(kind outcome, problem string) {
	v.checked++
	switch kind {
	case outcomeLost:
		v.lost++
	case outcomeTwice:
		v.appliedTwice++
	case outcomeWrong:
		v.wrong++
	}
	if problem != "" && len(v.problems) < 10 {
		v.problems = append(v.problems, problem)
	}
}

func checkOne(front *member, s sent, deadline time.Time) (outcome, string) {
	tx, err := terminalRecord(front, s.id, deadline)
	if err != nil {
		return outcomeLost, fmt.Sprintf("%s: %v", s.id, err)
	}
	if p := repeated(tx.History, tx.Version); p != "" {
		return outcomeTwice, fmt.Sprintf("%s: table history %v: %s", s.id, tx.History, p)
	}
	log, err := fullLog(front, s.id, tx.Version, deadline)
	if err != nil {
		return outcomeLost, fmt.Sprintf("%s: status log: %v", s.id, err)
	}
	if p := repeated(log, int64(len(log))); p != "" || len(log) != int(tx.Version) {
		return outcomeTwice, fmt.Sprintf("%s: status log %v (table version %d): %s", s.id, log, tx.Version, p)
	}
	if !slices.Equal(log, tx.History) {
		return outcomeWrong, fmt.Sprintf("%s: status log %v differs from the table's history %v", s.id, log, tx.History)
	}
	return judge(s, tx)
}

// terminalRecord long-polls the table until the transaction is terminal;
// an answer that comes at once (404 while the front's view has not caught
// up) is polled again after a pause.
func terminalRecord(front *member, id string, deadline time.Time) (txRecord, error) {
	url := front.ports.url(front.ports.tx, "/transactions/"+id+"?wait=5s")
	var found txRecord
	var last string
	done := poll(deadline, func() bool {
		var got txAnswer
		a, err := call(context.Background(), http.MethodGet, url, nil, &got)
		switch {
		case err != nil:
			last = err.Error()
		case a.code != http.StatusOK:
			last = fmt.Sprintf("GET answered %d %s", a.code, a.body)
		case terminal(got.Transaction.Status):
			found = got.Transaction
			return true
		default:
			last = "status " + got.Transaction.Status
		}
		return false
	})
	if !done {
		return txRecord{}, fmt.Errorf("not terminal by the deadline; last: %s", last)
	}
	return found, nil
}

// fullLog polls the status log until it holds version entries (the log
// follows the table through the status topic) and its last one is
// terminal.
func fullLog(front *member, id string, version int64, deadline time.Time) ([]transition, error) {
	url := front.ports.url(front.ports.mgr, "/transactions/"+id+"/log")
	var last []transition
	var code int
	var lastErr error
	complete := poll(deadline, func() bool {
		var entries []transition
		a, err := call(context.Background(), http.MethodGet, url, nil, &entries)
		code, lastErr = a.code, err
		if err != nil || a.code != http.StatusOK {
			return false
		}
		last = entries
		return len(entries) >= int(version) && terminal(entries[len(entries)-1].Status)
	})
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
