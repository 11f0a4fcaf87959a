package console

import (
	"strings"
	"testing"
	"time"
)

// TestLogNewestFirst: the status-changes page lists the newest change
// first, whatever their age, with no time filter.
func TestLogNewestFirst(t *testing.T) {
	s := newSite(t, false, nil)
	s.tables.add("tx-old", "received", testNow.Add(-48*time.Hour))
	s.tables.add("tx-mid", "received", testNow.Add(-time.Minute))
	s.tables.add("tx-new", "received", testNow)
	body := get(t, client(t), s.url+"/console/log").body
	newest, mid, oldest := strings.Index(body, "tx-new"), strings.Index(body, "tx-mid"), strings.Index(body, "tx-old")
	if newest < 0 || mid < 0 || oldest < 0 || !(newest < mid && mid < oldest) {
		t.Fatalf("positions new %d, mid %d, old %d: want all three, newest first", newest, mid, oldest)
	}
}
