package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// metricsN is how many transactions TestDevMetrics drives; every fourth
// asks for ARS, which the sample rates lack, and fails with no_rate.
const metricsN = 40

// TestDevMetrics drives metricsN transactions through the dev default,
// then scrapes /metrics of each service and of --metrics-addr: the
// families are there, and the counters equal what was driven.
func TestDevMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary; skipped with -short")
	}
	dev := startDev(t, t.TempDir())
	ports := dev.Addresses()
	t.Run("every documented family from the start", func(t *testing.T) {
		checkFreshFamilies(t, scrapeMetrics(t, ports.URL(launch.Metrics, "/metrics")))
	})

	wantFailed := driveTransactions(t, ports)
	wantCompleted := metricsN - wantFailed

	// The processors count a transition when they apply it, which can
	// trail the table the GET read by a moment.
	var scraped map[string]*dto.MetricFamily
	testenv.Eventually(t, 30*time.Second, func() bool {
		scraped = scrapeMetrics(t, ports.URL(launch.Metrics, "/metrics"))
		return testenv.MetricSum(scraped, "txstream_transactions_finished_total", nil) == metricsN
	}, "%d finished transactions counted", metricsN)

	tests := []struct {
		name   string
		family string
		labels map[string]string
		want   float64
	}{
		{"completed", "txstream_transactions_finished_total", map[string]string{"status": "completed"}, float64(wantCompleted)},
		{"failed for lack of a rate", "txstream_transactions_finished_total", map[string]string{"status": "failed", "reason": "no_rate"}, float64(wantFailed)},
		{"received", "txstream_transaction_transitions_total", map[string]string{"status": "received"}, metricsN},
		{"201 answers", "txstream_http_requests_total", map[string]string{"service": "transaction", "method": "POST", "route": "/transactions", "code": "201"}, metricsN + 1},
		{"accepted submits", "txstream_actor_submits_total", map[string]string{"kind": "transaction", "outcome": "accepted"}, metricsN},
		{"the replay", "txstream_actor_submits_total", map[string]string{"kind": "transaction", "outcome": "replayed"}, 1},
		{"records acknowledged", "txstream_producer_records_acknowledged_total", map[string]string{"topic": "transaction-topic"}, metricsN},
		{"no record failed", "txstream_producer_records_failed_total", nil, 0},
		{"requests processed", "txstream_stream_messages_processed_total", map[string]string{"group": "transactions", "topic": "transaction-topic"}, metricsN},
		{"conversions to ARS failed", "txstream_conversions_total", map[string]string{"from": "EUR", "to": "ARS", "status": "failed", "reason": "no_rate"}, float64(wantFailed)},
		{"conversions to GBP completed", "txstream_conversions_total", map[string]string{"from": "EUR", "to": "GBP", "status": "completed"}, metricsN / 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := testenv.MetricSum(scraped, tt.family, tt.labels); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.family, tt.labels, got, tt.want)
			}
		})
	}
	t.Run("one cache lookup per plain read", func(t *testing.T) {
		lookups := func(result string) float64 {
			return testenv.MetricSum(scraped, "txstream_cache_lookups_total", map[string]string{"result": result})
		}
		if total := testenv.MetricSum(scraped, "txstream_cache_lookups_total", nil); total != metricsN {
			t.Errorf("cache lookups = %v (%v hits, %v misses, %v fallbacks), want one per plain read, %d",
				total, lookups("hit"), lookups("miss"), lookups("fallback"), metricsN)
		}
		// A Redis command that times out (100 ms, dial included: a loaded
		// machine under -race can take that) starts a second of backoff,
		// in which reads fall back and refreshes are skipped. Without
		// such an error, nothing may fall back and the refreshes land.
		errs := testenv.MetricSum(scraped, "txstream_cache_errors_total", nil)
		if errs > 0 {
			t.Logf("%v Redis errors: %v fallbacks are theirs", errs, lookups("fallback"))
			return
		}
		if fb := lookups("fallback"); fb != 0 {
			t.Errorf("%v cache fallbacks without a Redis error", fb)
		}
		if got := testenv.MetricSum(scraped, "txstream_cache_fills_total", map[string]string{"result": "written"}); got < 1 {
			t.Errorf("cache fills written = %v, want the state changes refreshed", got)
		}
	})

	families := []string{
		"txstream_http_requests_total", "txstream_http_request_duration_seconds", "txstream_http_requests_in_flight",
		"txstream_actors_live", "txstream_actors_spawned_total", "txstream_actor_submits_total",
		"txstream_producer_records_sent_total", "txstream_producer_ack_duration_seconds",
		"txstream_stream_messages_processed_total", "txstream_transactions_finished_total",
		"txstream_cache_lookups_total", "txstream_cache_command_duration_seconds", "txstream_ready", "go_goroutines", "process_resident_memory_bytes",
	}
	for _, name := range launch.Listeners {
		t.Run("scrape of "+name, func(t *testing.T) {
			mfs := scrapeMetrics(t, ports.URL(name, "/metrics"))
			for _, f := range families {
				if _, ok := mfs[f]; !ok {
					t.Errorf("%s lacks %s", name, f)
				}
			}
			if got := testenv.MetricSum(mfs, "txstream_ready", nil); got != 1 {
				t.Errorf("txstream_ready = %v, want 1", got)
			}
		})
	}
	t.Run("goka monitor on the manager service", func(t *testing.T) {
		for path, want := range map[string]string{
			"/goka/monitor/":            "transactions", // the processors are listed by group
			"/goka/monitor/processor/0": "Partition",
			"/goka/query/":              "transactions-table",
		} {
			page := string(fetch(t, ports.URL(launch.Manager, path)))
			if !strings.Contains(page, want) {
				t.Errorf("GET %s on the manager service lacks %q:\n%.500s", path, want, page)
			}
		}
	})
	t.Run("promtool check metrics", func(t *testing.T) {
		promtool, err := exec.LookPath("promtool")
		if err != nil {
			t.Skip("promtool not installed (apt-get install prometheus)")
		}
		cmd := exec.Command(promtool, "check", "metrics")
		cmd.Stdin = bytes.NewReader(fetch(t, ports.URL(launch.Metrics, "/metrics")))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("promtool check metrics: %v\n%s", err, out)
		}
	})
	if code := testenv.Stop(t, dev, syscall.SIGINT, 40*time.Second); code != 0 {
		t.Fatalf("exit code after SIGINT: %d", code)
	}
}

// checkFreshFamilies: a ready process that has had no traffic exports
// every family the README documents, but those whose label values come
// with their first event.
func checkFreshFamilies(t *testing.T, mfs map[string]*dto.MetricFamily) {
	t.Helper()
	documented, err := testenv.DocumentedFamilies("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	open := testenv.FamiliesWithOpenLabels()
	for name := range documented {
		if _, ok := open[name]; !ok && mfs[name] == nil {
			t.Errorf("%s is documented but absent from a fresh process", name)
		}
	}
}

// driveTransactions posts metricsN transactions and one replay, waits for
// each to finish, and returns how many were meant to fail.
func driveTransactions(t *testing.T, ports launch.Addresses) (failed int) {
	t.Helper()
	ctx := context.Background()
	post := func(body map[string]string) {
		t.Helper()
		if code, err := call(ctx, http.MethodPost, ports.URL(launch.Transaction, "/transactions"), body, nil); err != nil || code != http.StatusCreated {
			t.Fatalf("POST /transactions %v: %d %v", body, code, err)
		}
	}
	bodies := make([]map[string]string, metricsN)
	for i := range bodies {
		body := map[string]string{"id": fmt.Sprintf("metrics-%d", i), "amount": "10.00", "currency": "EUR"}
		switch i % 4 {
		case 1:
			body["target_currency"] = "GBP"
		case 2:
			body["target_currency"] = "ARS"
			failed++
		case 3:
			body["currency"] = "USD"
		}
		bodies[i] = body
		post(body)
	}
	post(bodies[0]) // same id, same body: a replay, processed once
	for i, body := range bodies {
		want := "completed"
		if i%4 == 2 {
			want = "failed"
		}
		var got txAnswer
		code, err := call(ctx, http.MethodGet, ports.URL(launch.Transaction, "/transactions/"+body["id"]+"?wait=20s"), nil, &got)
		if err != nil || code != http.StatusOK || got.Transaction.Status != want {
			t.Fatalf("GET %s: %d %v status %q, want %q", body["id"], code, err, got.Transaction.Status, want)
		}
		// A plain read goes through the cache; long polls read the table.
		if code, err := call(ctx, http.MethodGet, ports.URL(launch.Transaction, "/transactions/"+body["id"]), nil, nil); err != nil || code != http.StatusOK {
			t.Fatalf("GET %s: %d %v", body["id"], code, err)
		}
	}
	return failed
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return body
}

func scrapeMetrics(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	mfs, err := testenv.ParseMetrics(fetch(t, url))
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return mfs
}
