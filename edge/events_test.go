package edge

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/valyala/fasthttp"
)

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
func eventTx(t *testing.T, ev testenv.SSEEvent) domain.Transaction {
	t.Helper()
	var body struct{ Transaction domain.Transaction }
	if err := json.Unmarshal([]byte(ev.Data), &body); err != nil {
		t.Fatalf("event data is not a transaction answer: %v: %s", err, ev.Data)
	}
	return body.Transaction
}

// expectVersions checks the events' ids, types and the transaction in
// each: at version v, with the status and history of then.
func expectVersions(t *testing.T, evs []testenv.SSEEvent, want domain.Transaction, from int64) {
	t.Helper()
	for i, ev := range evs {
		v := from + int64(i)
		got := eventTx(t, ev)
		h := want.History[v-1]
		switch {
		case ev.ID != fmt.Sprint(v) || ev.Event != "status":
			t.Fatalf("event %d: id %q, event %q; want id %d, event status", i, ev.ID, ev.Event, v)
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
	s := testenv.OpenSSE(t, e.transaction+"/transactions/tx-1/events")
	if s.Resp.StatusCode != http.StatusOK || s.Resp.Header.Get("Content-Type") != "text/event-stream" || s.Resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("answer %d, Content-Type %q, Cache-Control %q", s.Resp.StatusCode, s.Resp.Header.Get("Content-Type"), s.Resp.Header.Get("Cache-Control"))
	}
	done := chain("tx-1", domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted)
	expectVersions(t, s.Events(t, 2), done, 1)
	e.tables.putTransaction(done)
	last := s.Events(t, 1)
	expectVersions(t, last, done, 3)
	s.ExpectEnd(t)
	get := e.call(t, http.MethodGet, e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK)
	if strings.TrimSpace(string(get.body)) != last[0].Data {
		t.Fatalf("terminal event data\n%s\nGET answers\n%s", last[0].Data, get.body)
	}
}

// An id not known yet is waited for, and a table write that adds two
// changes at once (received and completed) gives two events.
func TestTransactionEventsWaitForANewIDAndSkippedVersions(t *testing.T) {
	e := newEnv(t, nil, nil)
	s := make(chan *testenv.SSEStream, 1)
	go func() { s <- testenv.OpenSSE(t, e.transaction+"/transactions/tx-new/events") }()
	testenv.Eventually(t, 5*time.Second, func() bool { return e.txs.waiting.Load() == 1 }, "the stream waits for the id")
	done := chain("tx-new", domain.StatusReceived, domain.StatusCompleted)
	e.tables.putTransaction(done)
	stream := <-s
	expectVersions(t, stream.Events(t, 2), done, 1)
	stream.ExpectEnd(t)
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
	s := testenv.OpenSSE(t, e.transaction+"/transactions/tx-1/events", "Last-Event-ID", "1")
	expectVersions(t, s.Events(t, 2), done, 2)
	s.ExpectEnd(t)
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
	live := testenv.OpenSSE(t, e.manager+"/transactions/events")
	failed := testenv.OpenSSE(t, e.manager+"/transactions/events?status=failed")
	e.events.add(logEntry(1, domain.StatusReceived), logEntry(2, domain.StatusFailed), logEntry(3, domain.StatusCompleted))
	got := live.Events(t, 3)
	for i, ev := range got {
		var entry domain.LogEntry
		if err := json.Unmarshal([]byte(ev.Data), &entry); err != nil || entry.TransactionID != fmt.Sprintf("tx-%d", i+1) || ev.Event != "status" {
			t.Fatalf("event %d: %+v (%v); want tx-%d's entry", i, ev, err, i+1)
		}
	}
	if f := failed.Events(t, 1)[0]; !strings.Contains(f.Data, `"tx-2"`) {
		t.Fatalf("filtered stream sent %+v; want tx-2's failure", f)
	}
	resumed := testenv.OpenSSE(t, e.manager+"/transactions/events", "Last-Event-ID", got[0].ID)
	for i, ev := range resumed.Events(t, 2) {
		if !strings.Contains(ev.Data, fmt.Sprintf(`"tx-%d"`, i+2)) {
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
	first := testenv.OpenSSE(t, e.transaction+"/transactions/tx-1/events")
	first.Events(t, 1)
	e.call(t, http.MethodGet, e.transaction+"/transactions/tx-1/events", "").expectProblem(t, CodeOverloaded)
	e.call(t, http.MethodGet, e.transaction+"/transactions/tx-1", "").expect(t, http.StatusOK)
	if n := counts.get(counts.open, routeTransactionEvents); n != 1 {
		t.Fatalf("open streams %d, want 1", n)
	}
	first.Resp.Body.Close()
	// The server notices the client left at its next write: the
	// keep-alive.
	testenv.Eventually(t, 10*time.Second, func() bool { return counts.get(counts.open, routeTransactionEvents) == 0 }, "the closed stream ends")
	second := testenv.OpenSSE(t, e.transaction+"/transactions/tx-1/events")
	second.Events(t, 1)
	testenv.Eventually(t, 5*time.Second, func() bool { return counts.get(counts.sent, routeTransactionEvents) == 2 }, "two events counted")
}

// TestEventStreamKeepAlive: a silent stream sends the keep-alive comment
// every EventKeepAlive, and events still follow.
func TestEventStreamKeepAlive(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.EventKeepAlive = 20 * time.Millisecond }, nil)
	s := testenv.OpenSSE(t, e.manager+"/transactions/events")
	if c := s.Comment(t); c != "keep-alive" {
		t.Fatalf("comment %q, want keep-alive", c)
	}
	e.events.add(logEntry(0, domain.StatusReceived))
	if ev := s.Events(t, 1)[0]; !strings.Contains(ev.Data, `"tx-0"`) {
		t.Fatalf("event after a keep-alive: %+v", ev)
	}
}

// TestEventStreamsEndAtShutdown: open streams, idle ones included, end as
// soon as the server stops, well within the shutdown deadline, which an
// idle stream would otherwise hold to its end.
func TestEventStreamsEndAtShutdown(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.ShutdownTimeout = 30 * time.Second }, nil)
	e.tables.putTransaction(chain("tx-1", domain.StatusReceived))
	perID := testenv.OpenSSE(t, e.transaction+"/transactions/tx-1/events")
	perID.Events(t, 1)
	all := testenv.OpenSSE(t, e.manager+"/transactions/events")
	for svc, s := range map[Service]*testenv.SSEStream{ServiceTransaction: perID, ServiceManager: all} {
		start := time.Now()
		if err := e.stops[svc](); err != nil {
			t.Errorf("%s service shutdown with a stream open: %v", svc, err)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s service took %s to stop with a stream open", svc, took)
		}
		s.ExpectEnd(t)
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

// A Last-Event-ID ahead of the transaction's version (a client that came
// from another stream, or made one up) still ends at the terminal
// change, with no event and no busy loop.
func TestTransactionEventsAheadOfTheTableEndAtTheTerminal(t *testing.T) {
	counts := newStreamCounts()
	e := newEnv(t, func(c *Config) { c.Streams = counts }, nil)
	e.tables.putTransaction(chain("tx-1", domain.StatusReceived))
	s := testenv.OpenSSE(t, e.transaction+"/transactions/tx-1/events", "Last-Event-ID", "5")
	testenv.Eventually(t, 5*time.Second, func() bool { return counts.get(counts.open, routeTransactionEvents) == 1 }, "the stream is open")
	e.tables.putTransaction(chain("tx-1", domain.StatusReceived, domain.StatusCompleted))
	s.ExpectEnd(t)
	if n := counts.get(counts.sent, routeTransactionEvents); n != 0 {
		t.Fatalf("%d events sent after version 5, want none", n)
	}
}

// Before the index has read the table, "now" is not known: a stream
// without Last-Event-ID is 503 not_ready, a resume is served.
func TestLogEventsFromNowWaitForReadiness(t *testing.T) {
	e := newEnv(t, nil, nil)
	e.tables.setReady(false)
	e.call(t, http.MethodGet, e.manager+"/transactions/events", "").expectProblem(t, CodeNotReady)
	e.events.add(logEntry(0, domain.StatusReceived))
	s := testenv.OpenSSE(t, e.manager+"/transactions/events", "Last-Event-ID", "c0")
	if ev := s.Events(t, 1)[0]; !strings.Contains(ev.Data, `"tx-0"`) {
		t.Fatalf("resumed while not ready: %+v", ev)
	}
}

// A stream whose connection closes before fasthttp hijacks it gives its
// slot back, so that the bound does not shrink and shutdown does not
// wait for it; any other state change keeps it.
func TestStreamSlotOfAConnectionClosedBeforeTheHijack(t *testing.T) {
	s := newServer(ServiceManager, "127.0.0.1:0", testConfig().withDefaults())
	c1, c2 := net.Pipe()
	defer c1.Close()
	defer c2.Close()
	if !s.eventStreams.take() {
		t.Fatal("no slot")
	}
	s.pendingStreams.Store(c1, struct{}{})
	s.connState(c1, fasthttp.StateActive)
	if n := s.eventStreams.used.Load(); n != 1 {
		t.Fatalf("%d slots used after a state change that is no close, want 1", n)
	}
	s.connState(c1, fasthttp.StateClosed)
	s.connState(c1, fasthttp.StateClosed)
	if n := s.eventStreams.used.Load(); n != 0 {
		t.Fatalf("%d slots used after the close, want 0", n)
	}
}
