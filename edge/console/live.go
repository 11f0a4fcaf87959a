package console

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
)

// live streams the sampler's samples as server-sent events: first those
// after Last-Event-ID (all it keeps, on a first connection), then each
// new one. The newest status changes go with them, as a "changes" event
// whenever they changed, to a key that may read the log. A response
// lasts Config.StreamFor; EventSource then reconnects by itself, with
// the id of the last sample it got.
func (c *Console) live(w http.ResponseWriter, r *http.Request, v visitor) {
	select {
	case c.streams <- struct{}{}:
		defer func() { <-c.streams }()
	default:
		http.Error(w, "too many live views open; retry later", http.StatusServiceUnavailable)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	wake, release := c.sampler.subscribe()
	defer release()
	s := stream{w: w, rc: http.NewResponseController(w), seq: lastEventID(r), recentV: -1, changes: v.Allows(auth.LogRead)}
	if err := s.send(c.sampler, fmt.Sprintf("retry: %d\n\n", time.Second.Milliseconds())); err != nil {
		return
	}
	end := time.NewTimer(c.cfg.StreamFor)
	defer end.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-end.C:
			return
		case <-c.sampler.done:
			return
		case <-wake:
			if s.send(c.sampler, "") != nil {
				return
			}
		}
	}
}

// stream is one live response: what it has sent so far.
type stream struct {
	w       io.Writer
	rc      *http.ResponseController
	seq     int64 // the last sample sent
	recentV int64 // the version of the changes sent, -1 for none
	changes bool  // the visitor may read the log
}

// send writes prefix, the samples and changes not sent yet, and flushes.
func (s *stream) send(sm *sampler, prefix string) error {
	samples, recent, v := sm.since(s.seq)
	buf := []byte(prefix)
	for _, x := range samples {
		buf = appendEvent(buf, "sample", strconv.FormatInt(x.Seq, 10), x)
		s.seq = x.Seq
	}
	if s.changes && v != s.recentV {
		buf = appendEvent(buf, "changes", "", nonNil(recent))
		s.recentV = v
	}
	if _, err := s.w.Write(buf); err != nil {
		return err
	}
	return s.rc.Flush()
}

// appendEvent appends one event; JSON has no newline, so it is one data
// line.
func appendEvent(buf []byte, event, id string, v any) []byte {
	data, _ := json.Marshal(v) // samples and log entries always marshal
	if id != "" {
		buf = append(append(append(buf, "id: "...), id...), '\n')
	}
	buf = append(append(append(buf, "event: "...), event...), '\n')
	return append(append(append(buf, "data: "...), data...), "\n\n"...)
}

func nonNil(e []domain.LogEntry) []domain.LogEntry {
	if e == nil {
		return []domain.LogEntry{}
	}
	return e
}

// lastEventID is the sample a reconnecting EventSource got last; 0 (all
// kept samples) for a new one.
func lastEventID(r *http.Request) int64 {
	n, err := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
