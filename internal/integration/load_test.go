package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The transactions the load posts: 8.00 EUR, every other one to be paid
// in USD at the rate the tests set (1.25), so half need a conversion.
const (
	loadAmount    = "8.00"
	loadCurrency  = "EUR"
	loadTarget    = "USD"
	loadRate      = "1.25"
	loadConverted = "10.00"
	// loadMaxRun bounds every load, whatever the test does.
	loadMaxRun = 3 * time.Minute
	// loadMaxInFlight bounds the outstanding requests; a tick beyond it is
	// shed (counted, not sent), as an open loop must not queue.
	loadMaxInFlight = 512
)

// sent is one POST of the load and its answer.
type sent struct {
	id         string
	converted  bool
	code       int // 0 when no answer came
	err        error
	start      time.Time
	took       time.Duration
	retryAfter string
	problem    string // the problem's code, for answers other than 201
}

// loadGen posts transactions at a fixed rate, open loop: a request starts
// on schedule whether or not the earlier ones were answered.
type loadGen struct {
	url    string
	prefix string
	rate   int
	begin  time.Time

	mu      sync.Mutex
	results []sent
	shed    int

	stop chan struct{}
	done chan struct{}
}

// rateFromEnv is the load's rate: TXSTREAM_IT_RATE or def.
func rateFromEnv(t *testing.T, def int) int {
	s := os.Getenv(envRate)
	if s == "" {
		return def
	}
	r, err := strconv.Atoi(s)
	if err != nil || r < 1 {
		t.Fatalf("%s=%q: want a positive number of POSTs per second", envRate, s)
	}
	return r
}

// startLoad starts posting to url; stop it with finish.
func startLoad(t *testing.T, url, prefix string, rate int) *loadGen {
	l := &loadGen{url: url, prefix: prefix, rate: rate, begin: time.Now(), stop: make(chan struct{}), done: make(chan struct{})}
	go l.run()
	t.Cleanup(func() { l.finish() })
	return l
}

func (l *loadGen) run() {
	defer close(l.done)
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, loadMaxInFlight)
	begin := l.begin
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	n := 0
	for {
		select {
		case <-l.stop:
			return
		case now := <-tick.C:
			if now.Sub(begin) > loadMaxRun {
				return
			}
			for due := int(now.Sub(begin).Seconds() * float64(l.rate)); n < due; n++ {
				select {
				case slots <- struct{}{}:
					i := n
					wg.Go(func() { l.post(i); <-slots })
				default:
					l.mu.Lock()
					l.shed++
					l.mu.Unlock()
				}
			}
		}
	}
}

func (l *loadGen) post(i int) {
	s := sent{id: fmt.Sprintf("%s-%d", l.prefix, i), converted: i%2 == 0, start: time.Now()}
	body := map[string]string{"id": s.id, "amount": loadAmount, "currency": loadCurrency}
	if s.converted {
		body["target_currency"] = loadTarget
	}
	a, err := call(context.Background(), http.MethodPost, l.url, body, nil)
	s.took, s.code, s.err, s.retryAfter = time.Since(s.start), a.code, err, a.header.Get("Retry-After")
	if err == nil && a.code != http.StatusCreated {
		var p struct{ Code string }
		_ = json.Unmarshal(a.body, &p)
		s.problem = p.Code
	}
	l.mu.Lock()
	l.results = append(l.results, s)
	l.mu.Unlock()
}

// finish stops sending, waits for the outstanding answers and returns
// every result.
func (l *loadGen) finish() []sent {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	<-l.done
	return l.snapshot()
}

func (l *loadGen) snapshot() []sent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]sent(nil), l.results...)
}

// answered counts the answers with code that started at or after since.
func (l *loadGen) answered(code int, since time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.results {
		if s.code == code && !s.start.Before(since) {
			n++
		}
	}
	return n
}

// loadSummary counts results by outcome.
type loadSummary struct {
	total, created, unavailable, other, failed, shed int
	p50, p99, slowest                                time.Duration  // of the 201s
	problems                                         map[string]int // "status code" -> answers
}

func (l *loadGen) summary() loadSummary {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := loadSummary{total: len(l.results), shed: l.shed, problems: map[string]int{}}
	var took []time.Duration
	for _, r := range l.results {
		switch {
		case r.err != nil:
			s.failed++
		case r.code == http.StatusCreated:
			s.created++
			took = append(took, r.took)
		case r.code == http.StatusServiceUnavailable:
			s.unavailable++
		default:
			s.other++
		}
		if r.err == nil && r.code != http.StatusCreated {
			s.problems[fmt.Sprintf("%d %s", r.code, r.problem)]++
		}
	}
	if len(took) > 0 {
		slices.Sort(took)
		s.p50, s.p99, s.slowest = took[len(took)/2], took[len(took)*99/100], took[len(took)-1]
	}
	return s
}

func (s loadSummary) String() string {
	line := fmt.Sprintf("%d POSTs: %d answered 201 (p50 %s, p99 %s, max %s), %d 503, %d other, %d without answer; %d shed by the client",
		s.total, s.created, ms(s.p50), ms(s.p99), ms(s.slowest), s.unavailable, s.other, s.failed, s.shed)
	if len(s.problems) > 0 {
		keys := slices.Sorted(maps.Keys(s.problems))
		for i, k := range keys {
			keys[i] = fmt.Sprintf("%s: %d", k, s.problems[k])
		}
		line += "; not 201: " + strings.Join(keys, ", ")
	}
	return line
}

// created returns the results answered 201.
func created(results []sent) []sent {
	var out []sent
	for _, r := range results {
		if r.code == http.StatusCreated {
			out = append(out, r)
		}
	}
	return out
}

func ms(d time.Duration) string { return d.Round(time.Millisecond).String() }
