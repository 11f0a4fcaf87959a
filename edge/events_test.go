package edge

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// sseEvent is one event as a client reads it off the wire.
type sseEvent struct{ id, event, data string }

// sseStream reads a text/event-stream body with net/http, as any client
// would.
type sseStream struct {
	resp *http.Response
	sc   *bufio.Scanner
}

// openStream sends GET url with header pairs and returns the answer; a
// 200 is left open for next.
func openStream(t *testing.T, url string, header ...string) *sseStream {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &sseStream{resp: resp, sc: bufio.NewScanner(resp.Body)}
}

// next returns the next event; io.EOF once the server ended the stream.
func (s *sseStream) next() (sseEvent, error) {
	var ev sseEvent
	for s.sc.Scan() {
		line := s.sc.Text()
		switch {
		case line == "" && ev != (sseEvent{}):
			return ev, nil
		case line == "":
		case strings.HasPrefix(line, ":"): // a comment
		default:
			name, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch name {
			case "id":
				ev.id = value
			case "event":
				ev.event = value
			case "data":
				ev.data += value
			}
		}
	}
	if err := s.sc.Err(); err != nil {
		return ev, err
	}
	return ev, io.EOF
}

// comment reads until the next comment line and returns its text.
func (s *sseStream) comment(t *testing.T) string {
	t.Helper()
	for s.sc.Scan() {
		if line := s.sc.Text(); strings.HasPrefix(line, ":") {
			return strings.TrimSpace(line[1:])
		}
	}
	t.Fatalf("the stream ended without a comment: %v", s.sc.Err())
	return ""
}

// events reads n events, failing the test on anything else.
func (s *sseStream) events(t *testing.T, n int) []sseEvent {
	t.Helper()
	out := make([]sseEvent, 0, n)
	for range n {
		ev, err := s.next()
		if err != nil {
			t.Fatalf("after %d events: %v", len(out), err)
		}
		out = append(out, ev)
	}
	return out
}

// expectEnd fails unless the server ends the stream with no more events.
func (s *sseStream) expectEnd(t *testing.T) {
	t.Helper()
	if ev, err := s.next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last event: %+v, %v; want the end of the stream", ev, err)
	}
}

// chain is transaction id after the given statuses, one version each.
func chain(id string, statuses ...domain.Status) domain.Transaction {
	at := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	tx := domain.Transaction{Schema: 1, ID: id, Amount: "10.50", Currency: "USD", CreatedAt: at}
	for i, st := range statuses {
		v := int64(i + 1)
		tx.History = append(tx.History, domain.StatusChange{Version: v, Status: st, At: at.Add(time.Duration(v) * time.Second)})
		tx.Status, tx.Version, tx.UpdatedAt = st, v, at.Add(time.Duration(v)*time.Second)
	}
	return tx
}

// eventTx decodes an event's data as GET /transactions/{id} answers.
func eventTx(t *testing.T, ev sseEvent) domain.Transaction {
	t.Helper()
	var body struct{ Transaction domain.Transaction }
	if err := json.Unmarshal([]byte(ev.data), &body); err != nil {
		t.Fatalf("event data is not a transaction answer: %v: %s", err, ev.data)
	}
	return body.Transaction
}

// expectVersions checks the events' ids, types and the transaction in
// each: at version v, with the status and history of then.
func expectVersions(t *testing.T, evs []sseEvent, want domain.Transaction, from int64) {
	t.Helper()
	for i, ev := range evs {
		v := from + int64(i)
		got := eventTx(t, ev)
		h := want.History[v-1]
		switch {
		case ev.id != fmt.Sprint(v) || ev.event != "status":
			t.Fatalf("event %d: id %q, event %q; want id %d, event status", i, ev.id, ev.event, v)
		case got.Version != v || got.Status != h.Status || len(got.History) != int(v) || !got.UpdatedAt.Equal(h.At):
			t.Fatalf("event %d: version %d, status %s, %d history entries; want the transaction at version %d (%s)", i, got.Version, got.Status, len(got.History), v, h.Status)
		}
	}
}

// TestTransactionEventsHistoryThenLiveThenEnd: the changes made before the
// request come first, each as the transaction was then; a change made
// while the stream is open follows; the terminal one ends the stream, and
// its data is what GET answers.
func TestTransactionEventsHistoryThenLiveThenEnd(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.tables.putTransaction(chain("tx-1", domain.StatusReceived, domain.StatusConverting))
	s := openStream(t, e.transaction+"/transactions/tx-1/events")
	if s.resp.StatusCode != http.StatusOK || s.resp.Header.Get("Content-Type") != "text/event-stream" || s.resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("answer %d, Content-Type %q, Cache-Control %q", s.resp.StatusCode, s.resp.Header.Get("Content-Type"), s.resp.Header.Get("Cache-Control"))
	}
	done := chain("tx-1", domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted)
	expectVersions(t, s.events(t, 2), done, 1)
	e.tables.putTransaction(done)
	last := s.events(t, 1)
	expectVersions(t, last, done, 3)
	s.expectEnd(t)
	get := e.call(t, http.MethodGet, e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK)
	if strings.TrimSpace(string(get.body)) != last[0].data {
		t.Fatalf("terminal event data\n%s\nGET answers\n%s", last[0].data, get.body)
	}
}

// An id not known yet is waited for, and a table write that adds two
// changes at once (received and completed) gives two events.
func TestTransactionEventsWaitForANewIDAndSkippedVersions(t *testing.T) {
	e := newEnv(t, nil, nil)
	s := make(chan *sseStream, 1)
	go func() { s <- openStream(t, e.transaction+"/transactions/tx-new/events") }()
	testenv.Eventually(t, 5*time.Second, func() bool { return e.txs.waiting.Load() == 1 }, "the stream waits for the id")
	done := chain("tx-new", domain.StatusReceived, domain.StatusCompleted)
	e.tables.putTransaction(done)
	stream := <-s
	expectVersions(t, stream.events(t, 2), done, 1)
	stream.expectEnd(t)
}

func TestTransactionEventsUnknownAfterWaitMaxIs404(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.WaitMax = 50 * time.Millisecond }, nil)
	e.call(t, http.MethodGet, e.transaction+"/transactions/nobody/events", "").expectProblem(t, CodeTransactionNotFound)
}

// Last-Event-ID: N resumes after version N; at or past the terminal
// version there is nothing more (204, so that an EventSource stops).
func TestTransactionEventsResumeAfterLastEventID(t *testing.T) {
	e := newEnv(t, nil, nil)
	done := chain("tx-1", domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted)
	e.tables.putTransaction(done)
	s := openStream(t, e.transaction+"/transactions/tx-1/events", "Last-Event-ID", "1")
	expectVersions(t, s.events(t, 2), done, 2)
	s.expectEnd(t)
	url := e.transaction + "/transactions/tx-1/events"
	e.call(t, http.MethodGet, url, "", "Last-Event-ID", "3").expect(t, http.StatusNoContent)
	e.call(t, http.MethodGet, url, "", "Last-Event-ID", "three").expectProblem(t, CodeInvalidQuery)
	e.call(t, http.MethodGet, url+"?wait=1s", "").expectProblem(t, CodeInvalidQuery)
}

// logEntry is the i-th entry of the fake log.
func logEntry(i int, status domain.Status) domain.LogEntry {
	return domain.LogEntry{TransactionID: fmt.Sprintf("tx-%d", i), Status: status, Version: 1, At: time.Date(2025, 3, 14, 12, 0, i, 0, time.UTC)}
}

// TestLogEventsResumeAndFilter: the stream of every change starts at the
// present without Last-Event-ID, resumes after the id of any event with
// it, and filters by status; data is an entry of GET /transactions/log.
func TestLogEventsResumeAndFilter(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.events.add(logEntry(0, domain.StatusReceived))
	live := openStream(t, e.manager+"/transactions/events")
	failed := openStream(t, e.manager+"/transactions/events?status=failed")
	e.events.add(logEntry(1, domain.StatusReceived), logEntry(2, domain.StatusFailed), logEntry(3, domain.StatusCompleted))
	got := live.events(t, 3)
	for i, ev := range got {
		var entry domain.LogEntry
		if err := json.Unmarshal([]byte(ev.data), &entry); err != nil || entry.TransactionID != fmt.Sprintf("tx-%d", i+1) || ev.event != "status" {
			t.Fatalf("event %d: %+v (%v); want tx-%d's entry", i, ev, err, i+1)
		}
	}
	if f := failed.events(t, 1)[0]; !strings.Contains(f.data, `"tx-2"`) {
		t.Fatalf("filtered stream sent %+v; want tx-2's failure", f)
	}
	resumed := openStream(t, e.manager+"/transactions/events", "Last-Event-ID", got[0].id)
	for i, ev := range resumed.events(t, 2) {
		if !strings.Contains(ev.data, fmt.Sprintf(`"tx-%d"`, i+2)) {
			t.Fatalf("resumed event %d: %+v; want tx-%d", i, ev, i+2)
		}
	}
	e.call(t, http.MethodGet, e.manager+"/transactions/events", "", "Last-Event-ID", "garbage").expectProblem(t, CodeInvalidCursor)
	e.call(t, http.MethodGet, e.manager+"/transactions/events?status=lost", "").expectProblem(t, CodeInvalidQuery)
}

// streamCounts records the StreamObserver hooks.
type streamCounts struct {
	mu              sync.Mutex
	open, sent, cut map[string]int
}

func newStreamCounts() *streamCounts {
	return &streamCounts{open: map[string]int{}, sent: map[string]int{}, cut: map[string]int{}}
}

func (c *streamCounts) StreamOpen(_ Service, route string, d int) { c.add(c.open, route, d) }
func (c *streamCounts) EventsSent(_ Service, route string, n int) { c.add(c.sent, route, n) }
func (c *streamCounts) StreamCut(_ Service, route string)         { c.add(c.cut, route, 1) }

func (c *streamCounts) add(m map[string]int, route string, n int) {
	c.mu.Lock()
	m[route] += n
	c.mu.Unlock()
}

func (c *streamCounts) get(m map[string]int, route string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return m[route]
}

// TestEventStreamsBoundedApart: MaxEventStreams open streams refuse the
// next with 503 and Retry-After, while other requests still get in
// (MaxInFlight is 1 here); closing one frees its slot.
func TestEventStreamsBoundedApart(t *testing.T) {
	counts := newStreamCounts()
	e := newEnv(t, func(c *Config) {
		c.MaxEventStreams, c.MaxInFlight, c.Streams, c.EventKeepAlive = 1, 1, counts, 20*time.Millisecond
	}, nil)
	e.tables.putTransaction(chain("tx-1", domain.StatusReceived))
	first := openStream(t, e.transaction+"/transactions/tx-1/events")
	first.events(t, 1)
	e.call(t, http.MethodGet, e.transaction+"/transactions/tx-1/events", "").expectProblem(t, CodeOverloaded)
	e.call(t, http.MethodGet, e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK)
	if n := counts.get(counts.open, routeTransactionEvents); n != 1 {
		t.Fatalf("open streams %d, want 1", n)
	}
	first.resp.Body.Close()
	// The server notices the client left at its next write: the
	// keep-alive.
	testenv.Eventually(t, 10*time.Second, func() bool { return counts.get(counts.open, routeTransactionEvents) == 0 }, "the closed stream ends")
	second := openStream(t, e.transaction+"/transactions/tx-1/events")
	second.events(t, 1)
	testenv.Eventually(t, 5*time.Second, func() bool { return counts.get(counts.sent, routeTransactionEvents) == 2 }, "two events counted")
}

// TestEventStreamKeepAlive: a silent stream sends the keep-alive comment
// every EventKeepAlive, and events still follow.
func TestEventStreamKeepAlive(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.EventKeepAlive = 20 * time.Millisecond }, nil)
	s := openStream(t, e.manager+"/transactions/events")
	if c := s.comment(t); c != "keep-alive" {
		t.Fatalf("comment %q, want keep-alive", c)
	}
	e.events.add(logEntry(0, domain.StatusReceived))
	if ev := s.events(t, 1)[0]; !strings.Contains(ev.data, `"tx-0"`) {
		t.Fatalf("event after a keep-alive: %+v", ev)
	}
}

// TestEventStreamsEndAtShutdown: open streams, idle ones included, end as
// soon as the server stops, well within the shutdown deadline, which an
// idle stream would otherwise hold to its end.
func TestEventStreamsEndAtShutdown(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.ShutdownTimeout = 30 * time.Second }, nil)
	e.tables.putTransaction(chain("tx-1", domain.StatusReceived))
	perID := openStream(t, e.transaction+"/transactions/tx-1/events")
	perID.events(t, 1)
	all := openStream(t, e.manager+"/transactions/events")
	for svc, s := range map[Service]*sseStream{ServiceTransaction: perID, ServiceManager: all} {
		start := time.Now()
		if err := e.stops[svc](); err != nil {
			t.Errorf("%s service shutdown with a stream open: %v", svc, err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s service took %s to stop with a stream open", svc, took)
		}
		s.expectEnd(t)
	}
}

// TestSlowReaderIsCut: a client that stops reading is cut off once a
// write waits longer than EventWriteTimeout, and counted; the server does
// not buffer the events it could not send.
func TestSlowReaderIsCut(t *testing.T) {
	counts := newStreamCounts()
	e := newEnv(t, func(c *Config) { c.EventWriteTimeout, c.Streams = 200*time.Millisecond, counts }, nil)
	reason := domain.Reason(strings.Repeat("r", 1000))
	for i := range 20000 {
		entry := logEntry(i, domain.StatusFailed)
		entry.Reason = reason
		e.events.add(entry)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.manager, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.(*net.TCPConn).SetReadBuffer(4096)
	if _, err := fmt.Fprintf(conn, "GET /transactions/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: c0\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 20*time.Second, func() bool { return counts.get(counts.cut, routeEvents) == 1 }, "the slow reader is cut")
	testenv.Eventually(t, 5*time.Second, func() bool { return counts.get(counts.open, routeEvents) == 0 }, "its stream ends")
	if sent := counts.get(counts.sent, routeEvents); sent >= 20000 {
		t.Fatalf("%d events sent to a client that read none", sent)
	}
}
