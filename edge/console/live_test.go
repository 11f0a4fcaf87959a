package console

import (
	"bufio"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/poll"
)

var testNow = time.Now().UTC()

// event is one server-sent event.
type event struct{ id, name, data string }

// liveStream opens /console/live with lastID ("" for none) and returns
// its events as they come, until the response ends.
func liveStream(t *testing.T, base, lastID string) (<-chan event, *http.Response) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/console/live", nil)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	out := make(chan event, 1024)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		var e event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.name != "" {
					out <- e
				}
				e = event{}
			case strings.HasPrefix(line, "id: "):
				e.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				e.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				e.data = line[6:]
			}
		}
	}()
	return out, resp
}

// next waits for the first event that pred accepts.
func next(t *testing.T, events <-chan event, what string, pred func(event) bool) event {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case e, ok := <-events:
			if !ok {
				t.Fatalf("the stream ended before %s", what)
			}
			if pred(e) {
				return e
			}
		case <-deadline:
			t.Fatalf("no %s within 10 s", what)
		}
	}
}

// TestLive: the live stream carries the registry's counters as rates and
// the newest status changes as they happen; a reconnection with
// Last-Event-ID gets only the samples after it.
func TestLive(t *testing.T) {
	reg := prometheus.NewRegistry()
	submits := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "txstream_actor_submits_total"}, []string{"kind", "outcome"})
	reg.MustRegister(submits)
	s := newSite(t, false, func(c *Config) { c.Metrics, c.Interval = reg, 20*time.Millisecond })
	events, resp := liveStream(t, s.url, "")
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	// The sampler reads while someone watches: the first sample is the
	// rate from the moment this viewer came.
	next(t, events, "a first sample", func(e event) bool { return e.name == "sample" })
	submits.WithLabelValues("transaction", "accepted").Add(100)
	submits.WithLabelValues("transaction", "conflict").Add(100) // not accepted: not counted
	e := next(t, events, "a sample with accepted transactions", func(e event) bool {
		var sm Sample
		return e.name == "sample" && json.Unmarshal([]byte(e.data), &sm) == nil && sm.Accepted > 0
	})
	var sm Sample
	_ = json.Unmarshal([]byte(e.data), &sm)
	if e.id == "" || sm.Seq == 0 {
		t.Fatalf("sample %s without its id", e.data)
	}

	s.tables.add("tx-live", domain.StatusCompleted, time.Now())
	next(t, events, "the status change", func(e event) bool {
		return e.name == "changes" && strings.Contains(e.data, `"transaction_id":"tx-live"`)
	})

	again, _ := liveStream(t, s.url, e.id)
	first := next(t, again, "a sample after a reconnection", func(e event) bool { return e.name == "sample" })
	var resumed Sample
	if err := json.Unmarshal([]byte(first.data), &resumed); err != nil || resumed.Seq != sm.Seq+1 {
		t.Fatalf("after Last-Event-ID %s the first sample is %s, want seq %d", e.id, first.data, sm.Seq+1)
	}
}

// TestLiveStreamsBounded: past MaxStreams open live views, another is
// refused with 503; one that ends frees its slot.
func TestLiveStreamsBounded(t *testing.T) {
	s := newSite(t, false, func(c *Config) { c.MaxStreams, c.Interval = 1, 20*time.Millisecond })
	events, _ := liveStream(t, s.url, "")
	next(t, events, "a sample", func(e event) bool { return e.name == "sample" })
	resp, err := http.Get(s.url + "/console/live")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("a second live view: %d, want 503", resp.StatusCode)
	}
}

// TestLiveStreamEnds: a live response ends after StreamFor, so that the
// server's write timeout never cuts it; EventSource reconnects.
func TestLiveStreamEnds(t *testing.T) {
	s := newSite(t, false, func(c *Config) { c.StreamFor, c.Interval = 200*time.Millisecond, 20*time.Millisecond })
	events, _ := liveStream(t, s.url, "")
	deadline := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-events:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the live response did not end")
		}
	}
}

// TestFollowerKeepsTheNewest: the follower lists each change once,
// newest first, at most keep of them, also when several share a time.
func TestFollowerKeepsTheNewest(t *testing.T) {
	tb := newTables()
	at := time.Now()
	f := newFollower(tb, tb, 3, func() time.Time { return at.Add(-time.Second) })
	tb.add("a", domain.StatusReceived, at)
	tb.add("b", domain.StatusReceived, at)
	got, changed := f.poll()
	if !changed || len(got) != 2 || got[0].TransactionID != "b" {
		t.Fatalf("first poll: %v %v", got, changed)
	}
	if _, changed := f.poll(); changed {
		t.Fatal("a poll without news changed the list")
	}
	tb.add("c", domain.StatusReceived, at)
	tb.add("a", domain.StatusCompleted, at.Add(time.Millisecond))
	got, _ = f.poll()
	if len(got) != 3 || got[0].TransactionID != "a" || got[0].Status != domain.StatusCompleted || got[1].TransactionID != "c" {
		t.Fatalf("after two more: %v", got)
	}
}

// TestFollowerSeesLateArrivals: a change that arrives after the follower
// moved past its time, as one of another partition written later with an
// earlier time does (streams/statuslog's
// TestSinceResumesExactlyAcrossPartitions shows the listing by time
// missing it), is among the newest all the same.
func TestFollowerSeesLateArrivals(t *testing.T) {
	tb := newTables()
	at := time.Now()
	f := newFollower(tb, tb, 5, func() time.Time { return at.Add(-time.Second) })
	tb.add("late", domain.StatusReceived, at.Add(10*time.Millisecond))
	if got, changed := f.poll(); !changed || len(got) != 1 {
		t.Fatalf("first poll: %v %v", got, changed)
	}
	tb.add("early", domain.StatusReceived, at.Add(5*time.Millisecond))
	got, changed := f.poll()
	if !changed || len(got) != 2 || got[0].TransactionID != "early" {
		t.Fatalf("after a change that arrived later with an earlier time: %v %v, want early first, then late", got, changed)
	}
}

// tailBehind is an index whose tail is behind what it already lists by
// time, as when changes are filed between a follower's Tail and its
// listing of the last minute: the tail is tail.
type tailBehind struct {
	*tables
	tail string
}

func (x tailBehind) Tail() (string, error) { return x.tail, nil }

// TestFollowerStartsWithTheLastMinute: a new watch shows the last
// minute's changes at once, and a change that is both in that minute and
// after the tail is listed once.
func TestFollowerStartsWithTheLastMinute(t *testing.T) {
	tb := newTables()
	at := time.Now()
	tb.add("old", domain.StatusReceived, at.Add(-2*followBack))
	tb.add("a", domain.StatusReceived, at.Add(-time.Second))
	tb.add("b", domain.StatusReceived, at)
	f := newFollower(tb, tailBehind{tb, "1"}, 5, func() time.Time { return at }) // a and b after the tail
	got, changed := f.poll()
	if !changed || len(got) != 2 || got[0].TransactionID != "b" || got[1].TransactionID != "a" {
		t.Fatalf("first poll: %v %v, want b and a, each once, and not old", got, changed)
	}
	tb.add("c", domain.StatusReceived, at)
	if got, _ = f.poll(); len(got) != 3 || got[0].TransactionID != "c" {
		t.Fatalf("after c: %v", got)
	}
}

// countingGatherer counts the reads of a registry.
type countingGatherer struct {
	prometheus.Gatherer
	mu sync.Mutex
	n  int
}

func (g *countingGatherer) Gather() ([]*dto.MetricFamily, error) {
	g.mu.Lock()
	g.n++
	g.mu.Unlock()
	return g.Gatherer.Gather()
}

func (g *countingGatherer) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// TestSamplerReadsOnlyWhileWatched: nobody watching, the registry is not
// read (its lag collector asks Kafka); a viewer starts the reads, and
// they go on for a window after the viewer left.
func TestSamplerReadsOnlyWhileWatched(t *testing.T) {
	reg := &countingGatherer{Gatherer: prometheus.NewRegistry()}
	sm := newSampler(Config{Tables: newTables(), Metrics: reg, Interval: 5 * time.Millisecond, Window: 4, Recent: 5})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sm.Run(ctx) }()
	defer func() { cancel(); <-done }()
	wake, release := sm.subscribe()
	<-wake
	<-wake
	if reg.count() == 0 {
		t.Fatal("no read while a viewer watches")
	}
	release()
	waitUntil(t, "the sampler to pause", func() bool { return !sm.watchedAt(time.Now()) })
	// Two intervals more: a tick may have begun before the pause.
	paused := reg.count()
	ticks := time.NewTicker(5 * time.Millisecond)
	defer ticks.Stop()
	for range 20 {
		<-ticks.C
	}
	if n := reg.count(); n > paused+1 {
		t.Fatalf("%d reads after the window, with nobody watching", n-paused)
	}
}

// waitUntil polls cond until it holds or 10 s passed.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if err := poll.Within(10*time.Second, 5*time.Millisecond, poll.Holds(cond)); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// TestTemplatesHaveNoInlineCode: the CSP forbids inline scripts, styles
// and event handlers, so no template may have any.
func TestTemplatesHaveNoInlineCode(t *testing.T) {
	inline := regexp.MustCompile(`(?i)<style|\sstyle=|\son[a-z]+=|javascript:`)
	script := regexp.MustCompile(`(?i)<script[^>]*>[^<]*</script>`)
	err := fs.WalkDir(files, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		if m := inline.Find(b); m != nil {
			t.Errorf("%s: inline code %q", path, m)
		}
		if n := strings.Count(strings.ToLower(string(b)), "<script"); n != len(script.FindAll(b, -1)) {
			t.Errorf("%s: a script tag that is not an empty <script src>", path)
		}
		for _, m := range script.FindAll(b, -1) {
			if !strings.Contains(string(m), " src=") || !strings.HasSuffix(string(m), "></script>") {
				t.Errorf("%s: inline script %q", path, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
