package ratescmd

import (
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/cli"
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

// testConfig imports file to topic on brokers, logging and reporting
// progress to stderr.
func testConfig(brokers []string, topic, file string, stderr *strings.Builder, terminal bool) Config {
	return Config{
		Brokers: brokers, Topic: topic, Partitions: 2, Replication: 1, ClientID: "test", ProduceTimeout: 5 * time.Second,
		File: file, Out: cli.Output{Stdout: &strings.Builder{}, Stderr: stderr, Terminal: terminal},
		Log: slog.New(slog.NewTextHandler(stderr, nil)),
	}
}

// countKeys waits until topic holds want records and counts them by key.
func countKeys(t *testing.T, brokers []string, topic string, want int) map[string]int {
	t.Helper()
	records := testenv.ConsumeUntil(t, brokers, topic, 30*time.Second, func(rs []*kgo.Record) bool { return len(rs) >= want })
	if len(records) != want {
		t.Fatalf("topic %s holds %d records, want %d", topic, len(records), want)
	}
	keys := map[string]int{}
	for _, r := range records {
		keys[string(r.Key)]++
	}
	return keys
}

func TestImport(t *testing.T) {
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
			var stderr strings.Builder
			if err := Import(t.Context(), testConfig(brokers, topic, writeHistCSV(t, tt.days), &stderr, tt.terminal)); err != nil {
				t.Fatalf("import: %v\n%s", err, stderr.String())
			}
			for _, line := range tt.wantLines {
				if !strings.Contains(stderr.String(), line) {
					t.Errorf("stderr lacks %q:\n%s", line, stderr.String())
				}
			}
			if tt.terminal && strings.Contains(stderr.String(), "published 5 of") {
				t.Errorf("a terminal got plain lines:\n%s", stderr.String())
			}
			keys := countKeys(t, brokers, topic, 3*tt.days)
			for _, cur := range []string{"USD", "JPY", "GBP"} {
				if keys[cur] != tt.days {
					t.Errorf("%s: %d records, want %d", cur, keys[cur], tt.days)
				}
			}
		})
	}
}

// TestImportTouchesOnlyTheRatesTopic: an import creates the rates topic
// with its own partitions and nothing else, and an existing transaction
// topic of any partition count does not stop it.
func TestImportTouchesOnlyTheRatesTopic(t *testing.T) {
	brokers := testenv.EmbeddedKafka(t).Brokers
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	testenv.CreateTopic(t, cl, "transaction-topic", 3)
	var stderr strings.Builder
	cfg := testConfig(brokers, "rates-topic", writeHistCSV(t, 2), &stderr, false)
	if err := Import(t.Context(), cfg); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	topics := partitionCounts(t, cl)
	if want := map[string]int{"rates-topic": cfg.Partitions, "transaction-topic": 3}; !maps.Equal(topics, want) {
		t.Errorf("topics and their partitions %v, want %v", topics, want)
	}
}

// partitionCounts maps every topic on the brokers to its partition count.
func partitionCounts(t *testing.T, cl *kgo.Client) map[string]int {
	t.Helper()
	resp, err := kmsg.NewPtrMetadataRequest().RequestWith(t.Context(), cl)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, topic := range resp.Topics {
		counts[*topic.Topic] = len(topic.Partitions)
	}
	return counts
}

func TestImportRefusesBadFiles(t *testing.T) {
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
			var stderr strings.Builder
			// The file is read before any broker is contacted.
			err := Import(t.Context(), testConfig([]string{"127.0.0.1:1"}, "rates-topic", tt.file, &stderr, false))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v: want one naming %q", err, tt.want)
			}
		})
	}
}

// TestImportSourceNamesTheFile: the source recorded with imported rates
// names the file, never the importer's local path, which would leak the
// operator's directories into every conversion record.
func TestImportSourceNamesTheFile(t *testing.T) {
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
