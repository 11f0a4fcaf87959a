package edge

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// benchStreams is the manager service over the fake log on loopback
// TCP, with room for every stream a benchmark opens.
type benchStreams struct {
	manager string
	events  *fakeEventLog
}

func newBenchEnv(b *testing.B) benchStreams {
	b.Helper()
	cfg := testConfig()
	cfg.MaxEventStreams = 1 << 20
	cfg.Events = &fakeEventLog{}
	s, err := NewManagerService(cfg, newFakeTables())
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("shutdown: %v", err)
		}
	})
	return benchStreams{manager: "http://" + ln.Addr().String(), events: cfg.Events.(*fakeEventLog)}
}

// dialStream opens GET path on addr with a raw TCP client and reads the
// response head; the connection is left for the caller to read.
func dialStream(b *testing.B, addr, path string) (net.Conn, *bufio.Reader) {
	b.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: bench\r\n\r\n", path); err != nil {
		b.Fatal(err)
	}
	r := bufio.NewReaderSize(c, 4096)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			b.Fatal(err)
		}
		if !strings.HasPrefix(line, "HTTP/1.1 200") && len(line) > 0 && line[0] == 'H' {
			b.Fatalf("answer %q", line)
		}
		if line == "\r\n" {
			return c, r
		}
	}
}

// BenchmarkLogEventSent is the cost of one event of GET
// /transactions/events on a stream that keeps up: the read of the log
// (the fake here; BenchmarkSince in streams/statuslog is the index's
// share), the JSON of the entry, the framing and the write, and the
// client's read of it, over loopback TCP. One op is one event.
func BenchmarkLogEventSent(b *testing.B) {
	e := newBenchEnv(b)
	_, r := dialStream(b, strings.TrimPrefix(e.manager, "http://"), "/transactions/events")
	entries := make([]domain.LogEntry, b.N)
	for i := range entries {
		entries[i] = domain.LogEntry{TransactionID: fmt.Sprintf("tx-%08d", i), Status: domain.StatusCompleted, Version: 2, At: time.Unix(1700000000, int64(i)).UTC()}
	}
	testenv.Measure(b, func(i int) {
		if i == 0 {
			e.events.add(entries...)
		}
		for {
			line, err := r.ReadSlice('\n')
			if err != nil {
				b.Fatal(err)
			}
			if bytes.HasPrefix(line, []byte("data: ")) {
				return
			}
		}
	})
}

// BenchmarkOpenStream is the cost of an idle GET /transactions/events
// stream: one op opens one and leaves it open; B/stream is what the
// process's heap and stacks grew by per open stream, the client's side
// (a net.Conn and a 4 KiB reader) included.
func BenchmarkOpenStream(b *testing.B) {
	e := newBenchEnv(b)
	addr := strings.TrimPrefix(e.manager, "http://")
	conns := make([]net.Conn, 0, b.N)
	b.Cleanup(func() {
		for _, c := range conns {
			_ = c.Close()
		}
	})
	before := inUse()
	testenv.Measure(b, func(int) {
		c, _ := dialStream(b, addr, "/transactions/events")
		conns = append(conns, c)
	})
	b.ReportMetric(float64(inUse()-before)/float64(b.N), "B/stream")
}

// inUse is the heap and goroutine stacks in use after a collection.
func inUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse + m.StackInuse)
}
