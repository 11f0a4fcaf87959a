package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// TestEventStreamsEndToEnd runs the dev process (every role, an embedded
// broker on two partitions) and reads both event streams with net/http:
// the per-id stream gives the history that was there before the request
// and ends after the terminal change, from the start or after a
// Last-Event-ID; the stream of every change, opened before the writes,
// gives each change of each transaction once, and a reconnect with the id
// of any of its events gives exactly the changes that followed it.
func TestEventStreamsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	k := testenv.EmbeddedKafka(t)
	a, err := New(context.Background(), ModeDev, testConfig(t, nil, k.Brokers, ""), Options{Log: discard()})
	if err != nil {
		t.Fatal(err)
	}
	start(t, a)
	testenv.Eventually(t, 60*time.Second, func() bool { return len(a.NotReady()) == 0 }, "ready")
	tx, manager := "http://"+a.Addresses().Transaction, "http://"+a.Addresses().Manager
	all := testenv.OpenSSE(t, manager+"/transactions/events")
	if all.Resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /transactions/events: %d", all.Resp.StatusCode)
	}
	const n = 6
	for i := range n {
		body := fmt.Sprintf(`{"id":"sse-%d","amount":"%d.00","currency":"USD"}`, i, i+1)
		if code := post(t, http.DefaultClient, tx+"/transactions", "", body); code != http.StatusCreated {
			t.Fatalf("POST %s: %d", body, code)
		}
	}
	for i := range n {
		id := fmt.Sprintf("sse-%d", i)
		s := testenv.OpenSSE(t, tx+"/transactions/"+id+"/events")
		statuses := versions(t, s.Events(t, 2), 1)
		if statuses[0] != domain.StatusReceived || !statuses[1].Terminal() {
			t.Fatalf("%s: statuses %v, want received then terminal", id, statuses)
		}
		s.ExpectEnd(t)
	}
	resumed := testenv.OpenSSE(t, tx+"/transactions/sse-0/events", "Last-Event-ID", "1")
	versions(t, resumed.Events(t, 1), 2)
	resumed.ExpectEnd(t)

	events := all.Events(t, 2*n)
	seen := map[string]bool{}
	for _, ev := range events {
		var e domain.LogEntry
		if err := json.Unmarshal([]byte(ev.Data), &e); err != nil || ev.Event != "status" {
			t.Fatalf("event %+v: %v", ev, err)
		}
		key := fmt.Sprintf("%s/%d", e.TransactionID, e.Version)
		if seen[key] || !strings.HasPrefix(e.TransactionID, "sse-") {
			t.Fatalf("event %s unexpected or repeated", key)
		}
		seen[key] = true
	}
	// Within a partition the order is the table's; across partitions a
	// reconnect may interleave otherwise, so what follows an event is
	// compared as a set. A sentinel written after the reconnects comes
	// next on each: nothing was repeated after the expected ones either.
	resumedAll := make([]*testenv.SSEStream, len(events))
	for cut := range events {
		resumedAll[cut] = testenv.OpenSSE(t, manager+"/transactions/events", "Last-Event-ID", events[cut].ID)
		got := resumedAll[cut].Events(t, len(events)-cut-1)
		if a, b := dataOf(got), dataOf(events[cut+1:]); strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Fatalf("resumed after event %d:\n%s\nwant\n%s", cut, strings.Join(a, "\n"), strings.Join(b, "\n"))
		}
	}
	if code := post(t, http.DefaultClient, tx+"/transactions", "", `{"id":"sse-last","amount":"1.00","currency":"USD"}`); code != http.StatusCreated {
		t.Fatalf("POST sse-last: %d", code)
	}
	for cut, s := range resumedAll {
		if ev := s.Events(t, 1)[0]; !strings.Contains(ev.Data, `"sse-last"`) {
			t.Fatalf("resumed after event %d: after the expected events came %s, want the sentinel", cut, ev.Data)
		}
	}
	checkStreamMetrics(t, "http://"+a.Addresses().Metrics+"/metrics", len(resumedAll)+1)
}

// checkStreamMetrics: the process's /metrics counts the manager's open
// streams and the events they sent.
func checkStreamMetrics(t *testing.T, url string, open int) {
	t.Helper()
	route := map[string]string{"service": "manager", "route": "/transactions/events"}
	testenv.Eventually(t, 10*time.Second, func() bool {
		code, body := testenv.Get(t, url)
		mfs, err := testenv.ParseMetrics(body)
		return code == http.StatusOK && err == nil &&
			testenv.MetricSum(mfs, "txstream_http_event_streams_open", route) == float64(open) &&
			testenv.MetricSum(mfs, "txstream_http_events_sent_total", route) > 0
	}, "%d open streams and the events sent in /metrics", open)
}

// dataOf is the events' data, sorted.
func dataOf(evs []testenv.SSEEvent) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.Data
	}
	slices.Sort(out)
	return out
}

// versions checks that the events carry consecutive versions from first
// on, as GET /transactions/{id} answers, and returns their statuses.
func versions(t *testing.T, evs []testenv.SSEEvent, first int64) []domain.Status {
	t.Helper()
	var out []domain.Status
	for i, ev := range evs {
		var body struct{ Transaction domain.Transaction }
		if err := json.Unmarshal([]byte(ev.Data), &body); err != nil {
			t.Fatalf("event %+v: %v", ev, err)
		}
		want := first + int64(i)
		if body.Transaction.Version != want || ev.ID != fmt.Sprint(want) {
			t.Fatalf("event %d: id %s, version %d; want %d", i, ev.ID, body.Transaction.Version, want)
		}
		out = append(out, body.Transaction.Status)
	}
	return out
}
