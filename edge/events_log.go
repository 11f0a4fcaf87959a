package edge

import (
	"net/http"
	"time"

	"github.com/segmentio/encoding/json"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
	"github.com/valyala/fasthttp"
)

const routeEvents = "/transactions/events"

// EventLog is the status log in the order its changes arrived, for GET
// /transactions/events (the status-log index, through the read model).
// Cursors are opaque; one it cannot read should give an error that
// Classify maps to CodeInvalidCursor.
type EventLog interface {
	// Tail is the cursor of the present end: a stream from it gets the
	// changes from now on.
	Tail() (string, error)
	// Since returns the changes after cursor, of one status or all (""),
	// at most max per partition, each with the cursor after it.
	Since(cursor string, status domain.Status, max int) (domain.LogChanges, error)
	// Changed returns a channel closed at the next change; taken before
	// Since, it makes sure no change between the two goes unnoticed.
	Changed() <-chan struct{}
}

// maxEventCursorBytes bounds a Last-Event-ID of the log stream. Its
// cursor names every partition of the status-log table (about 7 bytes
// each before base64), so it is longer than a listing's: this is room for
// several hundred partitions.
const maxEventCursorBytes = 4096

// logEventBatch bounds the changes one read of the log takes per
// partition, and so what a stream holds between two flushes.
const logEventBatch = 64

// addEventsRoute adds GET /transactions/events when the log is there.
func (m *managerService) addEventsRoute() {
	if m.cfg.Events != nil {
		m.router.add(http.MethodGet, routeEvents, auth.LogRead, m.events, false).stream = true
	}
}

// events streams every status change from Last-Event-ID on (from now on
// without it, once the process is ready), of one status with ?status=;
// each event's id is the cursor after it.
func (m *managerService) events(ctx *fasthttp.RequestCtx, _ string) {
	q, err := parseQuery(ctx.QueryArgs(), "status")
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	status := domain.Status(q["status"])
	if status != "" && !status.Valid() {
		writeError(ctx, requestError(CodeInvalidQuery, "status", "must be one of %v", domain.Statuses), 0)
		return
	}
	cursor := string(ctx.Request.Header.Peek(headerLastEventID))
	if len(cursor) > maxEventCursorBytes {
		writeError(ctx, requestError(CodeInvalidCursor, headerLastEventID, "longer than %d bytes", maxEventCursorBytes), 0)
		return
	}
	if cursor == "" {
		if !m.tables.Ready() {
			// The index is still reading the table: its end is not the
			// present, and what it reads next would be sent as new.
			writeProblem(ctx, CodeNotReady, "", "the status log is still being read; retry, or resume with Last-Event-ID", m.cfg.RetryAfter)
			return
		}
		cursor, err = m.cfg.Events.Tail()
	}
	var first domain.LogChanges
	if err == nil {
		first, err = m.cfg.Events.Since(cursor, status, logEventBatch)
	}
	if err != nil {
		m.fail(ctx, routeEvents, err, CodeTablesUnavailable)
		return
	}
	m.startStream(ctx, routeEvents, func(e *eventStream) error { return m.followLog(e, status, first) })
}

// followLog sends the changes read, then reads on whenever the log
// changes, until the server shuts down.
func (m *managerService) followLog(e *eventStream, status domain.Status, read domain.LogChanges) error {
	keepAlive := time.NewTimer(m.cfg.EventKeepAlive)
	defer keepAlive.Stop()
	for {
		if len(read.Changes) > 0 {
			if err := sendChanges(e, read.Changes); err != nil {
				return err
			}
			keepAlive.Reset(m.cfg.EventKeepAlive)
		}
		changed := m.cfg.Events.Changed()
		next, err := m.cfg.Events.Since(read.Next, status, logEventBatch)
		if err != nil {
			return err
		}
		if len(next.Changes) == 0 {
			select {
			case <-m.soft.Done():
				return nil
			case <-changed:
			case <-keepAlive.C:
				if err := e.keepAlive(); err != nil {
					return err
				}
				keepAlive.Reset(m.cfg.EventKeepAlive)
			}
		}
		read = next
		if m.soft.Err() != nil {
			return nil
		}
	}
}

// sendChanges sends each change as a log entry, the shape of GET
// /transactions/log, with its cursor as the event's id.
func sendChanges(e *eventStream, changes []domain.LogChange) error {
	for _, c := range changes {
		raw, err := json.Marshal(c.Entry)
		if err != nil {
			return err
		}
		if err := e.event(c.Cursor, raw); err != nil {
			return err
		}
	}
	return e.flush()
}
