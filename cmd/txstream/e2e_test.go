package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// The answers the end-to-end test reads.
type (
	txAnswer struct {
		Transaction txBody `json:"transaction"`
		Error       string `json:"error"`
	}
	txBody struct {
		ID             string    `json:"id"`
		Status         string    `json:"status"`
		TargetCurrency string    `json:"target_currency"`
		Conversion     *convBody `json:"conversion"`
	}
	convBody struct {
		Status         string  `json:"status"`
		ConvertedValue *string `json:"converted_value"`
		RateDate       string  `json:"rate_date"`
	}
	logEntry struct {
		TransactionID string `json:"transaction_id"`
		Status        string `json:"status"`
	}
)

// TestDevEndToEnd starts the built binary in dev mode, drives the three
// services over HTTP, sends SIGTERM under load, and restarts it on the
// same data directory to check that every transaction answered 201 is in
// the table, completed, and converted where asked.
func TestDevEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary; skipped with -short")
	}
	dataDir := t.TempDir()
	dev := startDev(t, dataDir)
	checkServices(t, dev.Addresses())
	acked := loadThenTerminate(t, dev)

	restarted := testenv.Restart(t, dev, false)
	checkAcknowledged(t, restarted.Addresses(), acked)
	if code := testenv.Stop(t, restarted, syscall.SIGINT, 40*time.Second); code != 0 {
		t.Fatalf("exit code after SIGINT: %d", code)
	}
	checkFirstAndLastLines(t, restarted.Output(), "dev")
}

// checkFirstAndLastLines: a process says once that it is ready, with its
// addresses, and its last line (of stdout and stderr, as launch keeps
// them) says that it stopped.
func checkFirstAndLastLines(t *testing.T, output, cmd string) {
	t.Helper()
	if strings.Count(output, "txstream "+cmd+" is ready") != 1 || !strings.Contains(output, "Metrics") {
		t.Errorf("output has no single banner with the addresses:\n%s", output)
	}
	lines := strings.Split(strings.TrimSpace(output), "\n")
	if last := lines[len(lines)-1]; last != "txstream "+cmd+" stopped" {
		t.Errorf("last line %q, want %q", last, "txstream "+cmd+" stopped")
	}
}

// checkServices drives each service once, with answers checked exactly.
func checkServices(t *testing.T, ports launch.Addresses) {
	t.Helper()
	ctx := context.Background()
	tx := map[string]string{"id": "e2e-1", "amount": "100.00", "currency": "EUR", "target_currency": "USD"}
	var created struct{ Status string }
	if code, err := call(ctx, http.MethodPost, ports.URL(launch.Transaction, "/transactions"), tx, &created); err != nil || code != http.StatusCreated || created.Status != "Transaction created" {
		t.Fatalf("POST /transactions: %d %+v %v", code, created, err)
	}
	var got txAnswer
	if code, err := call(ctx, http.MethodGet, ports.URL(launch.Transaction, "/transactions/e2e-1?wait=10s"), nil, &got); err != nil || code != http.StatusOK {
		t.Fatalf("GET /transactions/e2e-1: %d %v", code, err)
	}
	if got.Transaction.Status != "completed" || got.Transaction.Conversion == nil || value(got.Transaction.Conversion.ConvertedValue) != "107.05" {
		t.Fatalf("transaction e2e-1 = %+v (conversion %+v), want completed with 107.05 USD", got.Transaction, got.Transaction.Conversion)
	}
	var missing txAnswer
	if code, _ := call(ctx, http.MethodGet, ports.URL(launch.Transaction, "/transactions/never-posted"), nil, &missing); code != http.StatusNotFound || missing.Error != "Transaction not found" {
		t.Fatalf("GET of an unknown id: %d %+v", code, missing)
	}

	conv := map[string]string{"id": "e2e-c1", "amount": "10", "from": "EUR", "to": "JPY"}
	if code, err := call(ctx, http.MethodPost, ports.URL(launch.Converter, "/convert"), conv, nil); err != nil || code != http.StatusOK {
		t.Fatalf("POST /convert: %d %v", code, err)
	}
	var result convBody
	testenv.Eventually(t, 30*time.Second, func() bool {
		code, err := call(ctx, http.MethodGet, ports.URL(launch.Converter, "/convert/e2e-c1"), nil, &result)
		return err == nil && code == http.StatusOK && result.Status == "completed"
	}, "conversion e2e-c1 completed")
	if value(result.ConvertedValue) != "1719" || result.RateDate != "2024-06-28" {
		t.Fatalf("conversion e2e-c1 = %+v, want 1719 JPY at the sample's date", result)
	}

	testenv.Eventually(t, 30*time.Second, func() bool {
		var entries []logEntry
		code, err := call(ctx, http.MethodGet, ports.URL(launch.Manager, "/transactions/log?limit=1000"), nil, &entries)
		return err == nil && code == http.StatusOK && hasEntry(entries, "e2e-1", "completed")
	}, "the manager's log lists e2e-1 completed")
	if code := statusOf(ports.URL(launch.Metrics, "/metrics")); code != http.StatusOK {
		t.Fatalf("GET /metrics: %d", code)
	}
}

func value(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}

func hasEntry(entries []logEntry, id, status string) bool {
	for _, e := range entries {
		if e.TransactionID == id && e.Status == status {
			return true
		}
	}
	return false
}

// ackedTx is a transaction the service answered 201.
type ackedTx struct {
	id        string
	converted bool
}

// minAcked is how many 201s must be in before SIGTERM, so that the check
// after the restart cannot pass on an empty set.
const minAcked = 150

// loadThenTerminate posts transactions from several clients, sends
// SIGTERM while they run, and returns every transaction answered 201.
// The process must exit 0 within its shutdown deadline.
func loadThenTerminate(t *testing.T, dev *launch.Process) []ackedTx {
	t.Helper()
	var (
		mu        sync.Mutex
		acked     []ackedTx
		count     atomic.Int64
		afterTerm atomic.Int64
		termSent  atomic.Bool
		wg        sync.WaitGroup
	)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-dev.Exited():
					return
				default:
				}
				tx := ackedTx{id: fmt.Sprintf("load-%d-%d", w, i), converted: i%3 == 0}
				body := map[string]string{"id": tx.id, "amount": "12.34", "currency": "EUR"}
				if tx.converted {
					body["target_currency"] = "GBP"
				}
				code, err := call(context.Background(), http.MethodPost, dev.URL(launch.Transaction, "/transactions"), body, nil)
				if err == nil && code == http.StatusCreated {
					mu.Lock()
					acked = append(acked, tx)
					mu.Unlock()
					count.Add(1)
					if termSent.Load() {
						afterTerm.Add(1)
					}
				}
			}
		}()
	}
	testenv.Eventually(t, 60*time.Second, func() bool { return count.Load() >= minAcked }, "%d transactions acknowledged", minAcked)
	termSent.Store(true)
	code := testenv.Stop(t, dev, syscall.SIGTERM, 40*time.Second)
	wg.Wait()
	if code != 0 {
		t.Fatalf("exit code after SIGTERM under load: %d", code)
	}
	t.Logf("%d transactions answered 201, %d of them after SIGTERM", len(acked), afterTerm.Load())
	return acked
}

// checkAcknowledged reads every acknowledged transaction back from the
// restarted process: each must be there, completed, converted if asked.
func checkAcknowledged(t *testing.T, ports launch.Addresses, acked []ackedTx) {
	t.Helper()
	if len(acked) < minAcked {
		t.Fatalf("only %d acknowledged transactions to check", len(acked))
	}
	work := make(chan ackedTx)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var problems []string
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tx := range work {
				if p := checkOne(ports, tx); p != "" {
					mu.Lock()
					problems = append(problems, p)
					mu.Unlock()
				}
			}
		}()
	}
	for _, tx := range acked {
		work <- tx
	}
	close(work)
	wg.Wait()
	if len(problems) > 0 {
		t.Fatalf("%d of %d acknowledged transactions are wrong after the restart, first: %s", len(problems), len(acked), problems[0])
	}
}

func checkOne(ports launch.Addresses, tx ackedTx) string {
	url := ports.URL(launch.Transaction, "/transactions/"+tx.id)
	var got txAnswer
	code, err := call(context.Background(), http.MethodGet, url, nil, &got)
	if err == nil && code == http.StatusOK && got.Transaction.Status != "completed" {
		// Known but still in flight after the restart: wait for it.
		code, err = call(context.Background(), http.MethodGet, url+"?wait=10s", nil, &got)
	}
	switch {
	case err != nil:
		return fmt.Sprintf("%s: %v", tx.id, err)
	case code != http.StatusOK:
		return fmt.Sprintf("%s: GET answered %d", tx.id, code)
	case got.Transaction.Status != "completed":
		return fmt.Sprintf("%s: status %q", tx.id, got.Transaction.Status)
	case tx.converted && (got.Transaction.Conversion == nil || got.Transaction.Conversion.ConvertedValue == nil):
		return fmt.Sprintf("%s: asked for GBP, no converted value", tx.id)
	}
	return ""
}

// TestBinaryUsage runs the built binary for help, version and a bad
// setting: the exit codes and the one-line error are part of the contract.
func TestBinaryUsage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := buildBinary(t)
	tests := []struct {
		name     string
		args     []string
		env      []string
		wantCode int
		wantOut  string // in stdout
		wantErr  string // in stderr, which must be one line
	}{
		{"help", []string{"--help"}, nil, 0, "TXSTREAM_BROKERS", ""},
		{"dev help", []string{"dev", "--help"}, nil, 0, "Usage: txstream dev", ""},
		{"version", []string{"version"}, nil, 0, "github.com/txstream/txstream", ""},
		{"bad flag value", []string{"serve", "--partitions=0"}, nil, 2, "", "--partitions (TXSTREAM_PARTITIONS)"},
		{"bad env value", []string{"dev"}, []string{"TXSTREAM_LOG_FORMAT=xml"}, 2, "", "TXSTREAM_LOG_FORMAT"},
		{"unknown command", []string{"launch"}, nil, 2, "", "unknown command"},
		{"serve open", []string{"serve"}, nil, 2, "", "give --api-keys FILE (TXSTREAM_API_KEYS; txstream apikey new writes one), or --allow-anonymous"},
		{"rates import without file", []string{"rates", "import"}, nil, 2, "", "one FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			cmd.Env = append(os.Environ(), tt.env...)
			var stdout, stderr syncBuffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			_ = cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != tt.wantCode {
				t.Fatalf("exit code %d, want %d; stderr: %s", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Errorf("stdout lacks %q:\n%s", tt.wantOut, stdout.String())
			}
			if tt.wantErr != "" {
				errText := strings.TrimSuffix(stderr.String(), "\n")
				if !strings.Contains(errText, tt.wantErr) || strings.Contains(errText, "\n") {
					t.Errorf("stderr %q: want one line naming %q", errText, tt.wantErr)
				}
			}
		})
	}
}
