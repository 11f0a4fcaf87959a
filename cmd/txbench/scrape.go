package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
)

// The families of txstream's /metrics the harness follows.
const (
	metricFinished = "txstream_transactions_finished_total"
	metricLag      = "txstream_goka_consumer_lag_messages"
	metricAccepted = "txstream_actor_submits_total"
)

// scraper reads the server's /metrics.
type scraper struct {
	url    string
	client *fasthttp.Client
	auth   string // the Authorization value; "" for none
}

func newScraper(url string) *scraper {
	return &scraper{url: url, client: &fasthttp.Client{ReadTimeout: 10 * time.Second, WriteTimeout: 5 * time.Second}}
}

// progressPoint is the server's processing progress at one moment.
type progressPoint struct {
	At       time.Time
	Finished float64 // transactions that reached completed or failed
	Lag      float64 // records of every group's inputs not committed yet
}

func (s *scraper) point() (progressPoint, error) {
	status, body, err := s.get()
	if err != nil {
		return progressPoint{}, fmt.Errorf("scrape %s: %w", s.url, err)
	}
	if status != fasthttp.StatusOK {
		return progressPoint{}, fmt.Errorf("scrape %s: status %d", s.url, status)
	}
	text := string(body)
	return progressPoint{At: time.Now(), Finished: sumFamily(text, metricFinished, nil),
		Lag: sumFamily(text, metricLag, nil)}, nil
}

// sumFamily adds the samples of one family in the text exposition format
// whose labels include every one of want (name="value" pairs).
func sumFamily(text, name string, want []string) float64 {
	var sum float64
	for line := range strings.Lines(text) {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || rest == "" || (rest[0] != '{' && rest[0] != ' ') {
			continue
		}
		labels, value := "", rest
		if rest[0] == '{' {
			end := strings.LastIndexByte(rest, '}')
			if end < 0 {
				continue
			}
			labels, value = rest[1:end], rest[end+1:]
		}
		if !hasLabels(labels, want) {
			continue
		}
		f := strings.Fields(value)
		if len(f) == 0 {
			continue
		}
		if v, err := strconv.ParseFloat(f[0], 64); err == nil {
			sum += v
		}
	}
	return sum
}

func hasLabels(labels string, want []string) bool {
	for _, w := range want {
		if labels != w && !strings.HasPrefix(labels, w+",") && !strings.HasSuffix(labels, ","+w) &&
			!strings.Contains(labels, ","+w+",") {
			return false
		}
	}
	return true
}

// get fetches the metrics, with the key when there is one (/metrics needs
// the ops scope on a server with keys).
func (s *scraper) get() (int, []byte, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(s.url)
	if s.auth != "" {
		req.Header.Set(fasthttp.HeaderAuthorization, s.auth)
	}
	err := s.client.Do(req, resp)
	return resp.StatusCode(), append([]byte(nil), resp.Body()...), err
}
