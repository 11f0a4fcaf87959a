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
