package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// TestEdgeE2EEventsWithCurl reads both event streams of the running
// binary with curl, as the README shows: the per-transaction stream gives
// the whole history of a completed transaction and ends by itself, and
// after Last-Event-ID only the versions after it; the stream of every
// change, opened before a POST, gives that transaction's changes, and a
// reconnect with the first one's id gives the rest.
func TestEdgeE2EEventsWithCurl(t *testing.T) {
	skipShort(t)
	curl := requiredTool(t, "curl")
	s := startStack(t)

	// Opened first, it sees the changes made below; it runs until its
	// --max-time, as the stream does not end by itself.
	all := startCurl(t, curl, "8", s.mgr+"/transactions/events")
	testenv.Eventually(t, 5*time.Second, func() bool { return s.openStreams(t) == 1 }, "curl's stream open")
	id := "e2e-sse-1"
	s.do(t, http.MethodPost, s.tx+"/transactions", fmt.Sprintf(`{"id":%q,"amount":"100.00","currency":"EUR","target_currency":"USD"}`, id)).expect(t, http.StatusCreated)
	final := s.terminal(t, id)

	out := runCurl(t, curl, "20", s.tx+"/transactions/"+id+"/events")
	evs := testenv.ReadSSE(out)
	if len(evs) != int(final.Version) {
		t.Fatalf("curl read %d events, want %d (every version):\n%s", len(evs), final.Version, out)
	}
	for i, ev := range evs {
		var body struct{ Transaction domain.Transaction }
		if err := json.Unmarshal([]byte(ev.Data), &body); err != nil || ev.ID != fmt.Sprint(i+1) || body.Transaction.Version != int64(i+1) || body.Transaction.Status != final.History[i].Status {
			t.Fatalf("event %d: %+v (%v); want version %d, %s", i, ev, err, i+1, final.History[i].Status)
		}
	}
	after := testenv.ReadSSE(runCurl(t, curl, "20", s.tx+"/transactions/"+id+"/events", "-H", "Last-Event-ID: 1"))
	if len(after) != int(final.Version)-1 || after[0].ID != "2" {
		t.Fatalf("after Last-Event-ID 1: %+v, want versions 2 to %d", after, final.Version)
	}

	changes := testenv.ReadSSE(all())
	var mine []testenv.SSEEvent
	for _, ev := range changes {
		if strings.Contains(ev.Data, `"`+id+`"`) {
			mine = append(mine, ev)
		}
	}
	if len(mine) != int(final.Version) {
		t.Fatalf("the stream of every change had %d changes of %s, want %d: %+v", len(mine), id, final.Version, changes)
	}
	resumed := testenv.ReadSSE(startCurl(t, curl, "3", s.mgr+"/transactions/events", "-H", "Last-Event-ID: "+mine[0].ID)())
	if len(resumed) != len(changes)-1-indexOf(changes, mine[0]) || resumed[0].Data == mine[0].Data {
		t.Fatalf("resumed after %s: %+v; want the %d changes after it", mine[0].ID, resumed, len(changes)-1-indexOf(changes, mine[0]))
	}
}

// openStreams reads the manager's open event streams from its /metrics.
func (s *e2eStack) openStreams(t *testing.T) float64 {
	t.Helper()
	r := s.do(t, http.MethodGet, s.mgr+"/metrics", "").expect(t, http.StatusOK)
	mfs, err := testenv.ParseMetrics(r.body)
	if err != nil {
		t.Fatal(err)
	}
	return testenv.MetricSum(mfs, "txstream_http_event_streams_open", map[string]string{"service": "manager", "route": "/transactions/events"})
}

func indexOf(evs []testenv.SSEEvent, ev testenv.SSEEvent) int {
	for i, e := range evs {
		if e == ev {
			return i
		}
	}
	return -1
}

// runCurl runs curl -sSN on url until the server ends the stream, at most
// maxTime seconds, and returns what it wrote.
func runCurl(t *testing.T, curl, maxTime, url string, args ...string) []byte {
	t.Helper()
	out, err := exec.Command(curl, append([]string{"-sSN", "--fail", "--max-time", maxTime, url}, args...)...).Output()
	if err != nil {
		t.Fatalf("curl %s: %v\n%s", url, err, out)
	}
	return out
}

// startCurl starts curl on a stream that does not end by itself and
// returns a func that waits for its --max-time and returns its output.
func startCurl(t *testing.T, curl, maxTime, url string, args ...string) func() []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, curl, append([]string{"-sSN", "--fail", "--max-time", maxTime, url}, args...)...)
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return func() []byte {
		t.Helper()
		// 28: curl's exit code when --max-time ends it, the normal end here.
		var exit *exec.ExitError
		if err := cmd.Wait(); err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 28) {
			t.Fatalf("curl %s: %v\n%s", url, err, out.String())
		}
		return []byte(out.String())
	}
}
