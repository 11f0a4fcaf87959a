package console

import (
	"strings"

	dto "github.com/prometheus/client_model/go"
)

// The families the charts read, all in the process's own registry: what
// a process does not run (a manager alone has no actors) reads as zero.
const (
	familySubmits  = "txstream_actor_submits_total"
	familyFinished = "txstream_transactions_finished_total"
	familyRequests = "txstream_http_requests_total"
	familyDead     = "txstream_dead_letters_total"
	familyLag      = "txstream_goka_consumer_lag_messages"
)

// totals are the counters' values at one moment, and the lag gauge.
type totals struct {
	accepted, finished, client, server, dead float64
	lag                                      float64
}

// readTotals sums the families the charts need.
func readTotals(mfs []*dto.MetricFamily) totals {
	var t totals
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			t.add(mf.GetName(), m)
		}
	}
	return t
}

func (t *totals) add(family string, m *dto.Metric) {
	switch family {
	case familySubmits:
		if label(m, "kind") == "transaction" && label(m, "outcome") == "accepted" {
			t.accepted += m.GetCounter().GetValue()
		}
	case familyFinished:
		t.finished += m.GetCounter().GetValue()
	case familyRequests:
		switch code := label(m, "code"); {
		case strings.HasPrefix(code, "4"):
			t.client += m.GetCounter().GetValue()
		case strings.HasPrefix(code, "5"):
			t.server += m.GetCounter().GetValue()
		}
	case familyDead:
		t.dead += m.GetCounter().GetValue()
	case familyLag:
		t.lag += m.GetGauge().GetValue()
	}
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// Sample is one point of the charts: per-second rates of the counters
// between two readings, and the lag at the second.
type Sample struct {
	Seq      int64   `json:"seq"`
	At       int64   `json:"t"` // Unix seconds
	Accepted float64 `json:"accepted"`
	Finished float64 `json:"finished"`
	Client   float64 `json:"http_4xx"`
	Server   float64 `json:"http_5xx"`
	Dead     float64 `json:"dead_letters"`
	Lag      float64 `json:"lag"`
}

// rates is the sample between prev and cur, secs apart. A counter that
// went down (a family that disappeared and came back) counts from zero,
// as Prometheus's rate() does with a reset.
func rates(prev, cur totals, secs float64) Sample {
	r := func(a, b float64) float64 {
		if secs <= 0 {
			return 0
		}
		if b < a {
			return b / secs
		}
		return (b - a) / secs
	}
	return Sample{
		Accepted: r(prev.accepted, cur.accepted), Finished: r(prev.finished, cur.finished),
		Client: r(prev.client, cur.client), Server: r(prev.server, cur.server),
		Dead: r(prev.dead, cur.dead), Lag: cur.lag,
	}
}
