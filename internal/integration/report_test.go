package integration

import (
	"fmt"
	"github.com/txstream/txstream/internal/testenv"
	"os"
	"strings"
	"testing"
	"time"
)

// report logs the figures of a test and, when TXSTREAM_IT_REPORT names a
// file, appends them to it, for docs/INTEGRATION.md.
func report(t *testing.T, lines ...string) {
	t.Helper()
	head := fmt.Sprintf("%s on Apache Kafka %s, %s, race=%v", t.Name(), kafkaVersion(), time.Now().UTC().Format("2006-01-02 15:04"), testenv.RaceEnabled)
	text := head + "\n  " + strings.Join(lines, "\n  ") + "\n"
	t.Log("figures: " + text)
	path := os.Getenv(envReport)
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Errorf("report file: %v", err)
		return
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Errorf("report file: %v", err)
	}
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

// TestRaceReport: the report is cut out of a process's log from its
// warning to its closing rule, and a log without one gives "".
func TestRaceReport(t *testing.T) {
	dir := t.TempDir()
	raced := dir + "/raced.log"
	log := "{\"msg\":\"ready\"}\n==================\nWARNING: DATA RACE\nRead at 0x00c0 by goroutine 7:\n  main.f()\n==================\nexit status 66\n"
	if err := os.WriteFile(raced, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, want := raceReport(raced), "WARNING: DATA RACE\nRead at 0x00c0 by goroutine 7:\n  main.f()\n"; got != want {
		t.Errorf("report %q, want %q", got, want)
	}
	clean := dir + "/clean.log"
	if err := os.WriteFile(clean, []byte("{\"msg\":\"ready\"}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := raceReport(clean); got != "" {
		t.Errorf("a log without a race gave %q", got)
	}
}
