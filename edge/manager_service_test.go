package edge

import (
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// fillLog stores n transactions: odd ones failed at version 2, even ones
// completed at version 2; every one has a received entry at version 1.
func fillLog(tables *fakeTables, n int) {
	base := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	for i := range n {
		id := "tx-" + string(rune('a'+i))
		at := base.Add(time.Duration(i) * time.Minute)
		received := domain.Transaction{ID: id, Status: domain.StatusReceived, Version: 1, History: []domain.StatusChange{{Version: 1, Status: domain.StatusReceived, At: at}}}
		tables.putTransaction(received)
		final := domain.StatusCompleted
		if i%2 == 1 {
			final = domain.StatusFailed
		}
		done := received
		done.Status, done.Version = final, 2
		done.History = append(append([]domain.StatusChange(nil), received.History...), domain.StatusChange{Version: 2, Status: final, At: at.Add(30 * time.Second)})
		tables.putTransaction(done)
	}
}

var nextLinkPattern = regexp.MustCompile(`^<(/transactions/log\?[^>]*)>; rel="next"$`)

// pages follows the Link headers from path and returns every entry.
func (e *env) pages(t *testing.T, path string) (entries []domain.LogEntry, pages int) {
	t.Helper()
	for path != "" {
		a := e.call(t, "GET", e.manager+path, "").expect(t, http.StatusOK)
		var page []domain.LogEntry
		if err := json.Unmarshal(a.body, &page); err != nil {
			t.Fatalf("page is not an array of entries: %v: %s", err, a.body)
		}
		entries, pages, path = append(entries, page...), pages+1, ""
		if link := a.header.Get("Link"); link != "" {
			m := nextLinkPattern.FindStringSubmatch(link)
			if m == nil {
				t.Fatalf("Link %q", link)
			}
			path = m[1]
		}
		if pages > 50 {
			t.Fatal("pagination does not end")
		}
	}
	return entries, pages
}

func TestTransactionLog(t *testing.T) {
	e := newEnv(t, nil, nil)
	fillLog(e.tables, 10)
	cases := []struct {
		name, query string
		entries     int
		pages       int
		first       domain.Status
		newest      bool
	}{
		{"everything in one page", "", 20, 1, domain.StatusReceived, false},
		{"paged by 3", "?limit=3", 20, 7, domain.StatusReceived, false},
		{"failed only", "?status=failed", 5, 1, domain.StatusFailed, false},
		{"failed paged by 2", "?status=failed&limit=2", 5, 3, domain.StatusFailed, false},
		{"time range", "?from=2025-03-14T12:02:00Z&to=2025-03-14T12:04:00Z", 4, 1, domain.StatusReceived, false},
		{"time range with offset", "?from=2025-03-14T13:02:00%2B01:00&to=2025-03-14T12:04:00Z&status=completed&limit=1", 1, 1, domain.StatusCompleted, false},
		{"empty is an array", "?status=converting", 0, 1, "", false},
		{"newest first, paged by 3", "?order=newest&limit=3", 20, 7, domain.StatusFailed, true},
		{"oldest first said", "?order=oldest&status=failed", 5, 1, domain.StatusFailed, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			entries, pages := e.pages(t, "/transactions/log"+tc.query)
			if len(entries) != tc.entries || pages != tc.pages {
				t.Fatalf("%d entries in %d pages, want %d in %d", len(entries), pages, tc.entries, tc.pages)
			}
			if tc.entries > 0 && (entries[0].Status != tc.first || entries[0].TransactionID == "") {
				t.Fatalf("first entry %+v", entries[0])
			}
			for i := 1; i < len(entries); i++ {
				if later, earlier := entries[i], entries[i-1]; tc.newest {
					later, earlier = earlier, later
					if later.At.Before(earlier.At) {
						t.Fatalf("entries not newest first at %d", i)
					}
				} else if later.At.Before(earlier.At) {
					t.Fatalf("entries out of time order at %d", i)
				}
			}
		})
	}
	t.Run("empty body is [] not null", func(t *testing.T) {
		if a := e.call(t, "GET", e.manager+"/transactions/log?status=converting", ""); string(a.body) != "[]" {
			t.Fatalf("body %s", a.body)
		}
	})
	refusals := []struct {
		name, query string
		code        Code
	}{
		{"unknown status", "?status=done", CodeInvalidQuery},
		{"bad from", "?from=yesterday", CodeInvalidQuery},
		{"from after to", "?from=2025-03-15T00:00:00Z&to=2025-03-14T00:00:00Z", CodeInvalidQuery},
		{"zero limit", "?limit=0", CodeInvalidQuery},
		{"limit text", "?limit=ten", CodeInvalidQuery},
		{"unknown parameter", "?state=failed", CodeInvalidQuery},
		{"cursor the index cannot read", "?cursor=zzz", CodeInvalidCursor},
		{"unknown order", "?order=sideways", CodeInvalidQuery},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			e.call(t, "GET", e.manager+"/transactions/log"+tc.query, "").expectProblem(t, tc.code)
		})
	}
	t.Run("limit cut to the maximum", func(t *testing.T) {
		small := newEnv(t, func(c *Config) { c.LogLimitDefault, c.LogLimitMax = 2, 4 }, nil)
		fillLog(small.tables, 5)
		if _, pages := small.pages(t, "/transactions/log?limit=1000"); pages != 3 {
			t.Fatalf("%d pages of at most 4 for 10 entries", pages)
		}
		if _, pages := small.pages(t, "/transactions/log"); pages != 5 {
			t.Fatalf("%d pages of the default 2 for 10 entries", pages)
		}
	})
	t.Run("tables down", func(t *testing.T) {
		e.tables.setErr(errTableDown)
		defer e.tables.setErr(nil)
		e.call(t, "GET", e.manager+"/transactions/log", "").expectProblem(t, CodeTablesUnavailable)
	})
}

func TestTransactionHistory(t *testing.T) {
	e := newEnv(t, nil, nil)
	fillLog(e.tables, 2)
	a := e.call(t, "GET", e.manager+"/transactions/tx-b/log", "").expect(t, http.StatusOK)
	var entries []domain.LogEntry
	if err := json.Unmarshal(a.body, &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Version != 1 || entries[1].Status != domain.StatusFailed || entries[1].TransactionID != "tx-b" {
		t.Fatalf("history %s", a.body)
	}
	e.call(t, "GET", e.manager+"/transactions/tx-z/log", "").expectProblem(t, CodeTransactionNotFound)
	e.call(t, "GET", e.manager+"/transactions/a%21/log", "").expectProblem(t, CodeInvalidID)
}
