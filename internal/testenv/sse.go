package testenv

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// SSEEvent is one server-sent event as a client reads it off the wire.
type SSEEvent struct{ ID, Event, Data string }

// SSEStream reads a text/event-stream body with net/http, as any client
// would (the format of the WHATWG HTML standard: field lines, comment
// lines starting with a colon, a blank line ending each event).
type SSEStream struct {
	Resp *http.Response
	sc   *bufio.Scanner
}

// sseTimeout bounds a stream's whole exchange in a test, so that a stream
// that does not end fails the test instead of hanging it.
const sseTimeout = 30 * time.Second

// OpenSSE sends GET url with the header name, value pairs and returns the
// answer, its body left open for Next; the test's end closes it. Reads
// fail once the stream has been open for sseTimeout.
func OpenSSE(t testing.TB, url string, header ...string) *SSEStream {
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
	resp, err := (&http.Client{Transport: tr, Timeout: sseTimeout}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return &SSEStream{Resp: resp, sc: bufio.NewScanner(resp.Body)}
}

// Next returns the next event, passing over comments; io.EOF once the
// server ended the stream.
func (s *SSEStream) Next() (SSEEvent, error) {
	var ev SSEEvent
	for s.sc.Scan() {
		line := s.sc.Text()
		if line == "" {
			if ev != (SSEEvent{}) {
				return ev, nil
			}
			continue
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch name {
		case "id":
			ev.ID = value
		case "event":
			ev.Event = value
		case "data":
			ev.Data += value
		}
	}
	if err := s.sc.Err(); err != nil {
		return ev, err
	}
	return ev, io.EOF
}

// ReadSSE reads every event of a whole text/event-stream body, as curl
// wrote it out.
func ReadSSE(body []byte) []SSEEvent {
	s := &SSEStream{sc: bufio.NewScanner(bytes.NewReader(body))}
	var out []SSEEvent
	for {
		ev, err := s.Next()
		if err != nil {
			return out
		}
		out = append(out, ev)
	}
}

// Events reads n events, failing the test on anything else.
func (s *SSEStream) Events(t testing.TB, n int) []SSEEvent {
	t.Helper()
	out := make([]SSEEvent, 0, n)
	for range n {
		ev, err := s.Next()
		if err != nil {
			t.Fatalf("after %d events: %v", len(out), err)
		}
		out = append(out, ev)
	}
	return out
}

// ExpectEnd fails unless the server ends the stream with no more events.
func (s *SSEStream) ExpectEnd(t testing.TB) {
	t.Helper()
	if ev, err := s.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last event: %+v, %v; want the end of the stream", ev, err)
	}
}

// Comment reads until the next comment line and returns its text.
func (s *SSEStream) Comment(t testing.TB) string {
	t.Helper()
	for s.sc.Scan() {
		if line := s.sc.Text(); strings.HasPrefix(line, ":") {
			return strings.TrimSpace(line[1:])
		}
	}
	t.Fatalf("the stream ended without a comment: %v", s.sc.Err())
	return ""
}
