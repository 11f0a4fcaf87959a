package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
)

// writeHistCSV writes an ECB historical CSV of days dates and three
// currencies, newest first as the ECB writes it.
func writeHistCSV(t *testing.T, days int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Date,USD,JPY,GBP,\n")
	start := time.Date(2024, 6, 28, 0, 0, 0, 0, time.UTC)
	for d := range days {
		fmt.Fprintf(&b, "%s,1.%04d,171.%02d,0.8%04d,\n", start.AddDate(0, 0, -d).Format("2006-01-02"), d%10000, d%100, d%10000)
	}
	path := filepath.Join(t.TempDir(), "eurofxref-hist.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// countRecords reads topic from the start until want records are in or
// the deadline passes, and returns the keys it saw.
func countRecords(t *testing.T, brokers []string, topic string, want int) map[string]int {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	keys, n := map[string]int{}, 0
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for n < want && ctx.Err() == nil {
		cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
			keys[string(r.Key)]++
			n++
		})
	}
	if n != want {
		t.Fatalf("topic %s holds %d records, want %d", topic, n, want)
	}
	return keys
}

func TestRatesImport(t *testing.T) {
	brokers := testenv.EmbeddedKafka(t).Brokers
	tests := []struct {
		name      string
		days      int
		terminal  bool
		wantLines []string // in stderr
	}{
		{"plain lines", 400, false, []string{"published 1000 of 1200 rates", "published 1200 of 1200 rates", "rates imported"}},
		{"progress bar", 5, true, []string{"publishing rates", "rates imported"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			topic := testenv.Name(t, "rates")
			var stdout, stderr syncBuffer
			code := run(context.Background(), []string{
				"rates", "import", "--brokers", strings.Join(brokers, ","), "--partitions", "2",
				"--topic-rates", topic,
				"--topic-transactions", testenv.Name(t, "tx"), "--topic-conversions", testenv.Name(t, "conv"),
				"--topic-conversion-results", testenv.Name(t, "res"), "--topic-statuses", testenv.Name(t, "st"),
				writeHistCSV(t, tt.days),
			}, stdio{stdout: &stdout, stderr: &stderr, lookupEnv: envMap{}.lookup, isTerminal: tt.terminal})
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			for _, line := range tt.wantLines {
				if !strings.Contains(stderr.String(), line) {
					t.Errorf("stderr lacks %q:\n%s", line, stderr.String())
				}
			}
			if tt.terminal && strings.Contains(stderr.String(), "published 5 of") {
				t.Errorf("a terminal got plain lines:\n%s", stderr.String())
			}
			keys := countRecords(t, brokers, topic, 3*tt.days)
			for _, cur := range []string{"USD", "JPY", "GBP"} {
				if keys[cur] != tt.days {
					t.Errorf("%s: %d records, want %d", cur, keys[cur], tt.days)
				}
			}
		})
	}
}

func TestRatesImportRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	bad := write("bad.csv", "Date,USD,\n2024-06-28,minus one,\n")
	implausible := write("implausible.csv", "Date,USD,JPY,\n2024-06-28,1.07,1e17,\n")
	future := write("future.csv", "Date,USD,\n9999-12-31,0.0001,\n2024-06-28,1.07,\n")
	tests := []struct {
		name, file, want string
	}{
		{"missing file", filepath.Join(dir, "absent.csv"), "absent.csv"},
		{"bad rate", bad, "USD"},
		{"implausible rate", implausible, "JPY"},
		{"dated ahead", future, "9999-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr syncBuffer
			// The file is read before any broker is contacted.
			code := run(context.Background(), []string{"rates", "import", "--brokers", "127.0.0.1:1", tt.file},
				stdio{stdout: &syncBuffer{}, stderr: &stderr, lookupEnv: envMap{}.lookup})
			line := strings.TrimSuffix(stderr.String(), "\n")
			if code != exitFailure || !strings.Contains(line, tt.want) || strings.Contains(line, "\n") {
				t.Fatalf("exit %d, stderr %q: want exit 1 and one line naming %q", code, line, tt.want)
			}
		})
	}
}

// TestRatesImportSourceNamesTheFile: the source recorded with imported
// rates names the file, never the importer's local path, which would leak
// the operator's directories into every conversion record.
func TestRatesImportSourceNamesTheFile(t *testing.T) {
	path := writeHistCSV(t, 2)
	all, err := readRates(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if r.Source != "ecb-import:eurofxref-hist.csv" {
			t.Fatalf("source %q, want ecb-import:eurofxref-hist.csv (not the path %s)", r.Source, path)
		}
	}
}
